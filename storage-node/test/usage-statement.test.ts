/**
 * The usage statement (docs/paid-access.md, "Metering"): the node signs it with its operator key
 * and the developer's client recomputes its credits before co-signing a receipt. One definition
 * (sdk/src/usage-statement.ts), pinned by the shared vectors: the exact bytes, the signature
 * (checked by OpenSSL too), the header encoding and the credits at the Standard row's prices.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  decodeUsageStatement,
  encodeUsageStatement,
  periodCredits,
  signUsageStatement,
  usageStatementMessage,
  verifyUsageStatement,
  type TierName,
  type TierPricing,
  type UsageStatement,
} from '@synq/sdk';

interface VectorCase {
  tier: TierName;
  period: string;
  queries: string;
  vectors: string;
  storageByteSeconds: string;
  priorCredits: string;
  issuedAt: string;
  /** Credits at `row` and `creditRate`: priorCredits + periodCredits. */
  credits: string;
  message: string;
  header: string;
}
const VECTORS = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../sdk/vectors/usage-statement.json'), 'utf8')) as {
  operatorSeed: string;
  mint: string;
  node: string;
  creditAccount: string;
  row: Record<keyof TierPricing, string>;
  creditRate: string;
  cases: VectorCase[];
};

function opensslVerify(publicKey: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey.toBuffer()]);
  return crypto.verify(null, message, crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

describe('usage statements', () => {
  const operator = Keypair.fromSeed(Buffer.from(VECTORS.operatorSeed, 'hex'));
  const row = Object.fromEntries(Object.entries(VECTORS.row).map(([k, v]) => [k, BigInt(v)])) as unknown as TierPricing;
  const statementOf = (c: VectorCase): UsageStatement => ({
    mint: new PublicKey(VECTORS.mint),
    node: new PublicKey(VECTORS.node),
    creditAccount: new PublicKey(VECTORS.creditAccount),
    tier: c.tier,
    period: BigInt(c.period),
    queries: BigInt(c.queries),
    vectors: BigInt(c.vectors),
    storageByteSeconds: BigInt(c.storageByteSeconds),
    priorCredits: BigInt(c.priorCredits),
    credits: BigInt(c.credits),
    issuedAt: BigInt(c.issuedAt),
  });

  it('prices, signs and encodes exactly the shared vectors, which OpenSSL verifies', () => {
    for (const c of VECTORS.cases) {
      const statement = statementOf(c);
      assert.equal(BigInt(c.priorCredits) + periodCredits(row, BigInt(VECTORS.creditRate), statement), BigInt(c.credits), `credits of ${c.queries} queries`);
      assert.equal(usageStatementMessage(statement).toString('hex'), c.message);
      const signed = signUsageStatement(operator, statement);
      assert.equal(encodeUsageStatement(signed), c.header);
      assert.ok(opensslVerify(operator.publicKey, Buffer.from(c.message, 'hex'), signed.signature));
      const decoded = decodeUsageStatement(c.header);
      assert.deepEqual({ ...decoded, signature: Buffer.from(decoded.signature) }, { ...signed, signature: Buffer.from(signed.signature) });
      assert.ok(verifyUsageStatement(decoded, operator.publicKey));
    }
  });

  it('refuses a statement with any field changed, signed by another key, or malformed', () => {
    const signed = signUsageStatement(operator, statementOf(VECTORS.cases[0]));
    assert.ok(!verifyUsageStatement({ ...signed, credits: signed.credits + 1n }, operator.publicKey), 'credits raised');
    assert.ok(!verifyUsageStatement({ ...signed, queries: signed.queries + 1n }, operator.publicKey), 'queries raised');
    assert.ok(!verifyUsageStatement({ ...signed, creditAccount: Keypair.generate().publicKey }, operator.publicKey), 'another account');
    assert.ok(!verifyUsageStatement(signed, Keypair.generate().publicKey), 'another signer');
    assert.throws(() => decodeUsageStatement(encodeUsageStatement(signed).slice(0, 40)), /a usage statement is \d+ bytes/);
    const wrongDomain = Buffer.from(encodeUsageStatement(signed), 'base64');
    wrongDomain[0] ^= 1;
    assert.throws(() => decodeUsageStatement(wrongDomain.toString('base64')), /not a usage statement/);
  });

  it('rounds each line up and charges nothing within the free quota', () => {
    const free = { ...row, freeQueries: 100n, freeVectors: 10n } as unknown as TierPricing;
    const zero = { queries: 0n, vectors: 0n, storageByteSeconds: 0n };
    assert.equal(periodCredits(free, 1n, { ...zero, queries: 100n, vectors: 10n }), 0n);
    assert.equal(periodCredits(free, 1n, { ...zero, queries: 101n }), BigInt(VECTORS.row.perMillionQueries) / 1_000_000n || 1n);
    assert.equal(periodCredits(row, 1n, { ...zero, storageByteSeconds: 1n }), 1n, 'one byte-second costs a credit, rounded up');
    assert.equal(periodCredits(row, 3n, { ...zero, storageByteSeconds: 1n }), 3n, 'times the credit rate');
  });
});
