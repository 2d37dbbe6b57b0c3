/**
 * The commands served by the TypeScript path, differential against the redis-server of this
 * machine: the same commands in the same order get byte-for-byte the same replies (errors
 * included). Time-dependent replies are pinned by absolute expiry times far in the future.
 */
import assert from 'node:assert/strict';
import { respFrame, rng, startNode } from './helpers';
import { exchange, haveRedisServer, sameBytes, startRedisServer } from './redis-server';

const FAR = '4102444800'; // 2100-01-01, in seconds
const FAR_MS = '4102444800123';

/** Hand-picked cases: every new command with its edge cases and errors. */
const CASES: string[][] = [
  // APPEND / STRLEN / GETRANGE / SUBSTR / SETRANGE
  ['APPEND', 's', 'hello'],
  ['APPEND', 's', ' world'],
  ['STRLEN', 's'],
  ['GETRANGE', 's', '0', '4'],
  ['GETRANGE', 's', '-5', '-1'],
  ['GETRANGE', 's', '-1', '-5'],
  ['GETRANGE', 's', '5', '3'],
  ['GETRANGE', 's', '0', '-100'],
  ['GETRANGE', 's', '-100', '100'],
  ['GETRANGE', 's', '0', 'x'],
  ['GETRANGE', 'missing', '0', '-1'],
  ['SUBSTR', 's', '1', '3'],
  ['SETRANGE', 's', '6', 'WORLD'],
  ['GET', 's'],
  ['SETRANGE', 's', '20', 'tail'],
  ['GET', 's'],
  ['SETRANGE', 's', '-1', 'x'],
  ['SETRANGE', 'fresh', '0', ''],
  ['EXISTS', 'fresh'],
  ['SETRANGE', 's', '0', ''],
  ['SETRANGE', 's', '536870911', 'xx'],
  ['SETRANGE', 'pad', '3', 'abc'],
  ['GET', 'pad'],
  // GETDEL / GETEX / GETSET
  ['SET', 'g', 'v1'],
  ['GETDEL', 'g'],
  ['GETDEL', 'g'],
  ['SET', 'g', 'v2'],
  ['GETEX', 'g', 'EXAT', FAR],
  ['EXPIRETIME', 'g'],
  ['PEXPIRETIME', 'g'],
  ['GETEX', 'g', 'PXAT', FAR_MS],
  ['PEXPIRETIME', 'g'],
  ['EXPIRETIME', 'g'],
  ['GETEX', 'g', 'PERSIST'],
  ['TTL', 'g'],
  ['GETEX', 'g', 'EX', '0'],
  ['GETEX', 'g', 'EX', '-1'],
  ['GETEX', 'g', 'EX', '10', 'PX', '10'],
  ['GETEX', 'g', 'PERSIST', 'EX', '10'],
  ['GETEX', 'g', 'BOGUS'],
  ['GETEX', 'g', 'EX', '9223372036854775807'],
  ['GETEX', 'g', 'EX'],
  ['GETEX', 'g', 'EXAT', '1'],
  ['EXISTS', 'g'],
  ['GETEX', 'nope'],
  ['GETSET', 'gs', 'a'],
  ['SET', 'gs', 'b', 'EXAT', FAR],
  ['GETSET', 'gs', 'c'],
  ['TTL', 'gs'],
  // INCRBYFLOAT
  ['INCRBYFLOAT', 'f', '10.5'],
  ['INCRBYFLOAT', 'f', '0.1'],
  ['INCRBYFLOAT', 'f', '-1.1'],
  ['SET', 'f2', '0.1'],
  ['INCRBYFLOAT', 'f2', '0.2'],
  ['INCRBYFLOAT', 'f2', '-0.3'],
  ['INCRBYFLOAT', 'f2', '5.0e3'],
  ['INCRBYFLOAT', 'f2', '1E2'],
  ['INCRBYFLOAT', 'f2', '.5'],
  ['INCRBYFLOAT', 'f2', '3.'],
  ['INCRBYFLOAT', 'f2', '-.25'],
  ['INCRBYFLOAT', 'f2', ' 1'],
  ['INCRBYFLOAT', 'f2', '1 '],
  ['INCRBYFLOAT', 'f2', 'abc'],
  ['INCRBYFLOAT', 'f2', ''],
  ['INCRBYFLOAT', 'f2', '+inf'],
  ['INCRBYFLOAT', 'f2', '1e400'],
  ['INCRBYFLOAT', 'f2', '1e20'],
  ['SET', 'f3', '17179869184'],
  ['INCRBYFLOAT', 'f3', '1.5'],
  ['SET', 'f4', '1.5'],
  ['SET', 'f4', ' 11'],
  ['INCRBYFLOAT', 'f4', '1'],
  ['SET', 'f5', '5', 'EXAT', FAR],
  ['INCRBYFLOAT', 'f5', '1'],
  ['EXPIRETIME', 'f5'],
  ['HSET', 'h', 'a', '1'],
  ['INCRBYFLOAT', 'h', '1'],
  // MSETNX
  ['MSETNX', 'm1', 'a', 'm2', 'b'],
  ['MSETNX', 'm2', 'x', 'm3', 'y'],
  ['MGET', 'm1', 'm2', 'm3'],
  ['MSETNX', 'm4', 'a', 'm5'],
  // SETBIT / GETBIT
  ['SETBIT', 'b', '7', '1'],
  ['GET', 'b'],
  ['SETBIT', 'b', '7', '0'],
  ['SETBIT', 'b', '100', '1'],
  ['STRLEN', 'b'],
  ['GETBIT', 'b', '100'],
  ['GETBIT', 'b', '101'],
  ['GETBIT', 'b', '100000'],
  ['SETBIT', 'b', '-1', '1'],
  ['SETBIT', 'b', '1', '2'],
  ['SETBIT', 'b', '4294967296', '1'],
  ['GETBIT', 'h', '0'],
  // LCS
  ['MSET', 'l1', 'ohmytext', 'l2', 'mynewtext'],
  ['LCS', 'l1', 'l2'],
  ['LCS', 'l1', 'l2', 'LEN'],
  ['LCS', 'l1', 'l2', 'IDX'],
  ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4'],
  ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
  ['LCS', 'l1', 'l2', 'IDX', 'WITHMATCHLEN'],
  ['LCS', 'l1', 'l2', 'LEN', 'IDX'],
  ['LCS', 'l1', 'missing'],
  ['LCS', 'l1', 'h'],
  ['LCS', 'l1', 'l2', 'BOGUS'],
  ['MSET', 'l3', 'rhodesisland', 'l4', 'rhodesislandbrown'],
  ['LCS', 'l3', 'l4', 'IDX', 'WITHMATCHLEN'],
  // EXPIRE conditions / EXPIRETIME
  ['SET', 'e', 'v'],
  ['EXPIRE', 'e', '100', 'XX'],
  ['EXPIRE', 'e', '100', 'GT'],
  ['EXPIRE', 'e', '100', 'LT'],
  ['TTL', 'e'],
  ['EXPIRE', 'e', '200', 'NX'],
  ['EXPIRE', 'e', '200', 'GT'],
  ['TTL', 'e'],
  ['EXPIRE', 'e', '50', 'GT'],
  ['EXPIRE', 'e', '300', 'LT'],
  ['EXPIRE', 'e', '50', 'LT'],
  ['TTL', 'e'],
  ['EXPIRE', 'e', '50', 'NX', 'XX'],
  ['EXPIRE', 'e', '50', 'GT', 'LT'],
  ['EXPIRE', 'e', '50', 'FOO'],
  ['EXPIREAT', 'e', FAR],
  ['EXPIRETIME', 'e'],
  ['PEXPIREAT', 'e', FAR_MS],
  ['PEXPIRETIME', 'e'],
  ['EXPIRETIME', 'e'],
  ['EXPIRE', 'e', '9223372036854775807'],
  ['PEXPIRE', 'e', '9223372036854775807'],
  ['EXPIRE', 'e', '-9223372036854775808'],
  ['EXPIRETIME', 'missing'],
  ['PERSIST', 'e'],
  ['EXPIRETIME', 'e'],
  ['EXPIRE', 'e', '-1'],
  ['EXISTS', 'e'],
  // RENAME / RENAMENX / COPY / TOUCH
  ['SET', 'r1', 'one', 'EXAT', FAR],
  ['RENAME', 'r1', 'r2'],
  ['GET', 'r1'],
  ['GET', 'r2'],
  ['EXPIRETIME', 'r2'],
  ['RENAME', 'r1', 'r2'],
  ['RENAME', 'r2', 'r2'],
  ['RENAMENX', 'r2', 'r2'],
  ['SET', 'r3', 'three'],
  ['RENAMENX', 'r2', 'r3'],
  ['RENAMENX', 'r2', 'r4'],
  ['COPY', 'r4', 'r5'],
  ['COPY', 'r4', 'r5'],
  ['COPY', 'r3', 'r5', 'REPLACE'],
  ['GET', 'r5'],
  ['COPY', 'r4', 'r4'],
  ['COPY', 'missing', 'r6'],
  ['COPY', 'h', 'h2'],
  ['HGETALL', 'h2'],
  ['COPY', 'r4', 'r7', 'DB', '0'],
  ['COPY', 'r4', 'r7', 'BOGUS'],
  ['TOUCH', 'r4', 'r5', 'missing'],
  // Hashes
  ['HSETNX', 'h', 'a', 'x'],
  ['HSETNX', 'h', 'b', 'x'],
  ['HMGET', 'h', 'a', 'b', 'c'],
  ['HMGET', 's', 'a'],
  ['HINCRBY', 'h', 'a', '5'],
  ['HINCRBY', 'h', 'b', '1'],
  ['HINCRBY', 'h', 'n', '-3'],
  ['HINCRBY', 'h', 'a', 'x'],
  ['HSET', 'h', 'big', '9223372036854775807'],
  ['HINCRBY', 'h', 'big', '1'],
  ['HINCRBYFLOAT', 'h', 'fl', '10.5'],
  ['HINCRBYFLOAT', 'h', 'fl', '0.1'],
  ['HINCRBYFLOAT', 'h', 'b', '1'],
  ['HINCRBYFLOAT', 'h', 'fl', 'x'],
  ['HINCRBYFLOAT', 'h', 'fl', '+inf'],
  ['HINCRBYFLOAT', 's', 'fl', '1'],
  ['HSTRLEN', 'h', 'big'],
  ['HSTRLEN', 'h', 'nope'],
  ['HSTRLEN', 'missing', 'a'],
  ['HSET', 'one', 'only', 'field'],
  ['HRANDFIELD', 'one'],
  ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
  ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
  ['HRANDFIELD', 'one', '5'],
  ['HRANDFIELD', 'one', '0'],
  ['HRANDFIELD', 'missing'],
  ['HRANDFIELD', 'missing', '3'],
  ['HRANDFIELD', 'one', '-9223372036854770000', 'WITHVALUES'],
  ['HRANDFIELD', 'one', '-9223372036854775808'],
  ['HRANDFIELD', 'one', '1', 'FOO'],
  ['HRANDFIELD', 's', '1'],
  ['HSCAN', 'one', '0'],
  ['HSCAN', 'one', '0', 'MATCH', 'o*'],
  ['HSCAN', 'one', '0', 'MATCH', 'x*'],
  ['HSCAN', 'one', 'x'],
  ['HSCAN', 'missing', '0'],
  // OBJECT ENCODING and CONFIG
  ['SET', 'oi', '12345'],
  ['SET', 'oe', 'short'],
  ['SET', 'or', 'x'.repeat(45)],
  ['OBJECT', 'ENCODING', 'oi'],
  ['OBJECT', 'ENCODING', 'oe'],
  ['OBJECT', 'ENCODING', 'or'],
  ['OBJECT', 'ENCODING', 'one'],
  ['OBJECT', 'ENCODING', 'missing'],
  ['OBJECT', 'REFCOUNT', 'oi'],
  ['OBJECT', 'REFCOUNT', 'oe'],
  ['SET', 'small', '42'],
  ['OBJECT', 'REFCOUNT', 'small'],
  ['OBJECT', 'REFCOUNT', 'one'],
  ['OBJECT', 'REFCOUNT', 'missing'],
  ['COPY', 'oe', 'oe2', 'DB', 'notanumber'],
  ['CONFIG', 'GET', 'hash-max-listpack-entries'],
  ['CONFIG', 'GET', 'hash-max-ziplist-value'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
  ['HSET', 'enc', 'a', 'b'],
  ['OBJECT', 'ENCODING', 'enc'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
  ['CONFIG', 'SET', 'no-such-option', '1'],
  ['CONFIG', 'SET', 'hash-max-listpack-value', 'abc'],
  ['FUNCTION', 'FLUSH'],
  ['FLUSHALL'],
  ['DBSIZE'],
];

/** Random string and hash commands over a small keyspace, for the differential run. */
function randomScript(seed: number, n: number): string[][] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const key = (): string => `k${Math.floor(r() * 6)}`;
  const num = (): string => pick(['0', '1', '-1', '3', '-3', '7', '100', '-100', '2147483647']);
  const val = (): string => pick(['', 'a', 'abc', 'hello world', '12', '-7', '1.5', '0.1', '3e2', 'ü€', 'x'.repeat(50)]);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      pick([
        ['APPEND', key(), val()],
        ['SETRANGE', key(), pick(['0', '1', '5', '30']), val()],
        ['GETRANGE', key(), num(), num()],
        ['GETDEL', key()],
        ['GETSET', key(), val()],
        ['GET', key()],
        ['SET', key(), val()],
        ['INCRBYFLOAT', key(), pick(['1', '0.1', '-0.25', '1e3', '2.5', '-7'])],
        ['MSETNX', key(), val(), key(), val()],
        ['SETBIT', key(), pick(['0', '3', '9', '70']), pick(['0', '1'])],
        ['GETBIT', key(), pick(['0', '3', '9', '70'])],
        ['LCS', key(), key()],
        ['LCS', key(), key(), 'IDX', 'WITHMATCHLEN'],
        ['RENAME', key(), key()],
        ['RENAMENX', key(), key()],
        ['COPY', key(), key(), ...(r() < 0.5 ? ['REPLACE'] : [])],
        ['HSET', key(), pick(['a', 'b', 'c']), val()],
        ['HSETNX', key(), pick(['a', 'b', 'c']), val()],
        ['HINCRBY', key(), pick(['a', 'b', 'n']), num()],
        ['HINCRBYFLOAT', key(), pick(['a', 'b', 'f']), pick(['1', '0.1', '-0.25'])],
        ['HMGET', key(), 'a', 'b', 'c'],
        ['HSTRLEN', key(), pick(['a', 'b'])],
        ['STRLEN', key()],
        ['TYPE', key()],
        ['EXPIREAT', key(), FAR, ...(r() < 0.5 ? [pick(['NX', 'XX', 'GT', 'LT'])] : [])],
        ['EXPIRETIME', key()],
        ['PERSIST', key()],
      ]),
    );
  }
  return out;
}

describe('RESP commands against a real redis-server', () => {
  let node: Awaited<ReturnType<typeof startNode>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  before(async function () {
    if (!haveRedisServer()) {
      console.log('    (skipped: redis-server is not installed; Debian package redis-server)');
      this.skip();
    }
    node = await startNode();
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
    await node?.close();
  });

  it('every new command and its edge cases get redis-server\'s exact replies', async () => {
    for (const [i, cmd] of CASES.entries()) {
      // One command at a time (on a connection each), so a difference names its command.
      const bytes = respFrame(...cmd);
      const theirs = await exchange(redis!.port, bytes, []);
      const ours = await exchange(node.respPort, bytes, []);
      const difference = sameBytes(ours, theirs);
      if (difference !== null) assert.fail(`case ${i} ${JSON.stringify(cmd)}: ${difference}`);
    }
  });

  it('SELECT, MOVE and COPY ... DB across a namespace\'s databases get redis-server\'s replies', async () => {
    const script = [
      ['FLUSHALL'],
      ['SET', 'k', 'zero', 'EXAT', FAR],
      ['SELECT', '3'],
      ['GET', 'k'],
      ['SET', 'k', 'three'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['GET', 'k'],
      ['MOVE', 'k', '3'],
      ['MOVE', 'k', '5'],
      ['MOVE', 'k', '0'],
      ['MOVE', 'missing', '5'],
      ['MOVE', 'k', '16'],
      ['MOVE', 'k', 'x'],
      ['SELECT', '5'],
      ['GET', 'k'],
      ['EXPIRETIME', 'k'],
      ['COPY', 'k', 'k', 'DB', '0'],
      ['COPY', 'k', 'k', 'DB', '5'],
      ['SELECT', '0'],
      ['GET', 'k'],
      ['FLUSHDB'],
      ['SELECT', '5'],
      ['DBSIZE'],
      ['SELECT', '16'],
      ['SELECT', '-1'],
      ['SELECT', 'x'],
      ['FLUSHALL'],
      ['DBSIZE'],
      ['SELECT', '3'],
      ['DBSIZE'],
    ];
    const bytes = Buffer.concat(script.map((c) => respFrame(...c)));
    const theirs = await exchange(redis!.port, bytes, []);
    const ours = await exchange(node.respPort, bytes, []);
    const difference = sameBytes(ours, theirs);
    if (difference !== null) assert.fail(difference);
  });

  for (const seed of [11, 12, 13]) {
    it(`a random pipeline of string and hash commands gets the same replies (seed ${seed})`, async () => {
      const bytes = Buffer.concat([respFrame('FLUSHALL'), ...randomScript(seed, 1500).map((c) => respFrame(...c))]);
      const theirs = await exchange(redis!.port, bytes, []);
      const ours = await exchange(node.respPort, bytes, []);
      const difference = sameBytes(ours, theirs);
      if (difference !== null) assert.fail(difference);
    });
  }
});
