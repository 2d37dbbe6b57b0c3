import assert from 'node:assert/strict';
import net from 'node:net';
import { api, rng, spawnNode, tempDir, type ChildNode } from './helpers';

/** Sends bytes on a fresh connection; resolves with what came back once the server closes or goes quiet. */
function exchange(port: number, data: Buffer, quietMs = 150): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let timer: NodeJS.Timeout;
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve({ reply: Buffer.concat(got).toString('latin1'), closed });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    s.on('data', (d) => (got.push(d), arm()));
    s.on('close', () => finish(true));
    s.on('error', () => undefined);
    s.on('connect', () => {
      s.write(data);
      arm();
    });
  });
}

describe('fuzzing never crashes the node', () => {
  let node: ChildNode;
  before(async () => {
    node = await spawnNode(tempDir('fuzz'));
  });
  after(async () => {
    node.proc.kill('SIGTERM');
    await node.exited;
  });

  const alive = async (): Promise<void> => {
    assert.equal(node.proc.exitCode, null, 'node process exited');
    const r = await exchange(node.respPort, Buffer.from('*1\r\n$4\r\nPING\r\n'));
    assert.equal(r.reply, '+PONG\r\n');
  };

  it('a malformed or oversized RESP frame closes only that connection', async () => {
    const bystander = net.connect(node.respPort, '127.0.0.1');
    await new Promise((r) => bystander.once('connect', r));
    for (const bad of ['*1\r\n$abc\r\n', '*2\r\n$3\r\nGET\r\n:5\r\n', '*1\r\n$999999999999\r\n', '*99999999999\r\n', '*1\r\n$3\r\nGETXX\r\n']) {
      const r = await exchange(node.respPort, Buffer.from('*1\r\n$4\r\nPING\r\n' + bad));
      assert.ok(r.reply.startsWith('+PONG\r\n-ERR Protocol error'), JSON.stringify(r.reply));
      assert.ok(r.closed, `closed after ${JSON.stringify(bad)}`);
    }
    const huge = await exchange(node.respPort, Buffer.alloc(70_000, 'a'));
    assert.match(huge.reply, /Protocol error: too big inline request/);
    const got: Buffer[] = [];
    bystander.on('data', (d) => got.push(d));
    bystander.write('*1\r\n$4\r\nPING\r\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(Buffer.concat(got).toString(), '+PONG\r\n');
    bystander.destroy();
  });

  it('survives 400 random and mutated RESP frames', async () => {
    const rand = rng(7);
    const valid = ['*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n', '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n', '*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\nv\r\n', 'PING\r\n', '*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n'];
    for (let i = 0; i < 400; i++) {
      let frame: Buffer;
      if (i % 2 === 0) {
        frame = Buffer.from(valid[i % valid.length].repeat(1 + Math.floor(rand() * 3)));
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips; f++) frame[Math.floor(rand() * frame.length)] = Math.floor(rand() * 256);
      } else {
        frame = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
      }
      await exchange(node.respPort, frame, 20);
    }
    await alive();
  });

  it('survives random JSON bodies on every HTTP route, answering 4xx not 5xx', async () => {
    const rand = rng(11);
    const routes: [string, string][] = [
      ['POST', '/v1/query'], ['PUT', '/v1/kv/k'], ['PUT', '/v1/collections/c'], ['PUT', '/v1/collections/c/schema'], ['POST', '/v1/collections/c/indexes'],
      ['POST', '/v1/collections/c/docs'], ['POST', '/v1/collections/c/find'], ['POST', '/v1/collections/c/update'], ['POST', '/v1/collections/c/delete'],
      ['POST', '/v1/collections/c/aggregate'], ['POST', '/v1/collections/c/count'], ['PUT', '/v1/vectors/v'], ['POST', '/v1/vectors/v/upsert'],
      ['POST', '/v1/vectors/v/search'], ['PUT', '/v1/series/s'], ['POST', '/v1/series/s/points'], ['POST', '/v1/series/s/range'], ['POST', '/v1/series/s/downsample'],
    ];
    await api(node.httpPort, 'PUT', '/v1/vectors/v', { dimension: 2 });
    const keys = ['model', 'op', 'filter', 'docs', 'update', 'pipeline', 'items', 'vector', 'k', 'points', 'from', 'to', 'bucketMs', 'aggs', 'schema', 'fields', 'value', 'collection', 'steps', '$gt', '$in', '$regex', '$where', '_id', 'dimension', 'metric', 'timestamps', 'values', 'queries', 'index'];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return [null, true, -1, 0, 1e308, 3.5, '', 'x', '$x', 'kv', 'find', 'documents', 'vectors', 'timeseries', '[', -1e12][Math.floor(rand() * 16)];
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => [keys[Math.floor(rand() * keys.length)], value(depth + 1)]));
    };
    for (let i = 0; i < 600; i++) {
      const [method, path] = routes[i % routes.length];
      const body = i % 10 === 9 ? '{"broken": ' + 'x'.repeat(i % 7) : JSON.stringify(value(0));
      const r = await api(node.httpPort, method, path, body);
      assert.ok(r.status < 500, `${method} ${path} ${body} -> ${r.status} ${JSON.stringify(r.body)}`);
    }
    assert.equal((await api(node.httpPort, 'GET', '/health')).status, 200);
    await alive();
  });
});
