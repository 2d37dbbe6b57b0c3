/**
 * Paid access, the gate (docs/paid-access.md): wallet-signed HTTP requests, each for this node,
 * fresh and used once, and Redis-protocol sessions opened by a signed node challenge, all served
 * in the wallet's credit-account namespace. Written as attacks: unsigned, forged, tampered,
 * replayed, stale, meant for another node, another developer's namespace named in a header, a
 * second developer reading the first's data, replayed/forged/made-up/expired challenges.
 * The signed bytes are pinned by the SDK's shared vectors and checked with node:crypto's own
 * ed25519 as well.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Keypair, PublicKey } from '@solana/web3.js';
import net from 'node:net';
import Redis from 'ioredis';
import { checkSignedRequest, paymentsPda, redisCredentials, requestMessage, SESSION_CHALLENGE_TTL_MS, sessionMessage, sessionPassword, signRequest, type SignedRequestHeaders } from '@synq/sdk';
import { RequestGate } from '../src';
import { opensslVerifier } from '../src/server/request-gate';
import { respFrame, startNode } from './helpers';

interface VectorCase {
  method: string;
  path: string;
  body: string;
  timestamp: string;
  nonce: string;
  message: string;
  headers: SignedRequestHeaders;
}
const VECTORS = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../sdk/vectors/signed-request.json'), 'utf8')) as {
  walletSeed: string;
  wallet: string;
  node: string;
  cases: VectorCase[];
  session: { challenge: string; message: string; password: string };
};

/** ed25519 verification by node:crypto (OpenSSL), independent of the SDK's @noble/curves. */
function opensslVerify(publicKey: PublicKey, message: Uint8Array, signature: Buffer): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey.toBuffer()]);
  return crypto.verify(null, message, crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature);
}

describe('wallet-signed requests', function () {
  this.timeout(60_000);

  it('signs exactly the shared vectors, which OpenSSL verifies and the gate admits into the credit-account namespace', async () => {
    const wallet = Keypair.fromSeed(Buffer.from(VECTORS.walletSeed, 'hex'));
    assert.equal(wallet.publicKey.toBase58(), VECTORS.wallet);
    const node = new PublicKey(VECTORS.node);
    const gate = new RequestGate(node);
    for (const c of VECTORS.cases) {
      const request = { node, method: c.method, path: c.path, body: Buffer.from(c.body), timestamp: BigInt(c.timestamp), nonce: Buffer.from(c.nonce, 'hex') };
      assert.equal(Buffer.from(await requestMessage(request)).toString('hex'), c.message, `${c.method} ${c.path}`);
      assert.deepEqual(await signRequest(wallet, request), c.headers);
      assert.ok(opensslVerify(wallet.publicKey, Buffer.from(c.message, 'hex'), Buffer.from(c.headers['x-synq-signature'], 'base64')));
      const admitted = await gate.admit({ method: c.method, path: c.path, headers: c.headers, body: Buffer.from(c.body) }, Number(c.timestamp));
      assert.equal(admitted.namespace, paymentsPda.creditAccount(wallet.publicKey).toBase58());
    }
    const { session } = VECTORS;
    assert.equal(Buffer.from(sessionMessage(node, Buffer.from(session.challenge, 'hex'))).toString('hex'), session.message);
    assert.equal(sessionPassword(wallet, node, session.challenge), session.password);
    assert.ok(opensslVerify(wallet.publicKey, Buffer.from(session.message, 'hex'), Buffer.from(session.password.split('.')[1], 'base64')));
  });

  it('checks signatures with OpenSSL as @noble/curves does, through a bounded key cache', async () => {
    const verify = opensslVerifier(2);
    const wallets = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
    const node = Keypair.generate().publicKey;
    for (let round = 0; round < 2; round++) {
      for (const wallet of wallets) {
        const request = { node, method: 'PUT', path: '/v1/kv/k', body: Buffer.from('{}'), timestamp: BigInt(Date.now()), nonce: crypto.randomBytes(16) };
        const message = await requestMessage(request);
        const headers = await signRequest(wallet, request);
        const signature = Buffer.from(headers['x-synq-signature'], 'base64');
        assert.equal(verify(signature, message, wallet.publicKey), true);
        assert.equal((await checkSignedRequest(headers, request, Number(request.timestamp))).ok, true, 'the SDK default (@noble/curves) agrees');
        const tampered = Buffer.from(message);
        tampered[tampered.length - 1] ^= 1;
        assert.equal(verify(signature, tampered, wallet.publicKey), false);
        assert.equal(verify(signature, message, wallets[(wallets.indexOf(wallet) + 1) % 3].publicKey), false);
        assert.equal(verify(signature.subarray(0, 63), message, wallet.publicKey), false);
      }
    }
  });

  describe('over HTTP', () => {
    const nodeKey = Keypair.generate().publicKey;
    let node: Awaited<ReturnType<typeof startNode>>;
    const alice = Keypair.generate();
    const bob = Keypair.generate();

    before(async () => {
      node = await startNode({ walletAuth: { node: nodeKey } });
    });
    after(async () => {
      await node.close();
    });

    /** Sends a request; `sign` picks who signs what (defaults: the wallet, this request). */
    async function send(
      wallet: Keypair,
      method: string,
      p: string,
      body?: unknown,
      tweak: { headers?: Record<string, string>; signedBody?: string; signedFor?: PublicKey; timestamp?: bigint } = {},
    ): Promise<{ status: number; body: Record<string, unknown> }> {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = await signRequest(wallet, { node: tweak.signedFor ?? nodeKey, method, path: p, body: Buffer.from(tweak.signedBody ?? text), timestamp: tweak.timestamp });
      return raw(method, p, text, { ...headers, ...tweak.headers });
    }

    async function raw(method: string, p: string, text: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
      const res = await fetch(`http://127.0.0.1:${node.httpPort}${p}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: text === '' ? undefined : text });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    const reason = (r: { body: Record<string, unknown> }): string => String((r.body.error as { message?: string } | undefined)?.message);

    it('serves a signed developer in the namespace of their credit account, and /health names the node to sign for', async () => {
      const health = await fetch(`http://127.0.0.1:${node.httpPort}/health`).then((r) => r.json() as Promise<Record<string, unknown>>);
      assert.equal(health.auth, 'wallet');
      assert.equal(health.node, nodeKey.toBase58());
      assert.equal((await send(alice, 'PUT', '/v1/kv/secret', { value: 'alice-only' })).status, 200);
      const got = await send(alice, 'GET', '/v1/kv/secret');
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.equal(got.body.value, 'alice-only');
      const ns = paymentsPda.creditAccount(alice.publicKey).toBase58();
      assert.equal(node.engine.kv.get(ns, Buffer.from('secret'))?.toString(), 'alice-only');
      const usage = await send(alice, 'GET', '/v1/usage');
      assert.equal(usage.body.namespace, ns);
    });

    it('refuses unsigned, forged, tampered, replayed, stale and other-node requests with 401 and the reason', async () => {
      const unsigned = await raw('GET', '/v1/kv/secret', '', {});
      assert.equal(unsigned.status, 401);
      assert.match(reason(unsigned), /^unsigned request/);

      // Refused from the headers alone: the node answers before a (huge) body arrives, so an
      // unsigned client cannot make it buffer one.
      const early = net.connect(node.httpPort, '127.0.0.1');
      const answer = new Promise<string>((resolve) => early.once('data', (d: Buffer) => resolve(d.toString())));
      early.write('PUT /v1/kv/big HTTP/1.1\r\nHost: n\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"value":"');
      assert.match(await answer, /^HTTP\/1\.1 401 [^]*unsigned request/);
      early.destroy();

      // Mallory signs with her key but claims to be Alice.
      const mallory = Keypair.generate();
      const forged = await send(mallory, 'GET', '/v1/kv/secret', undefined, { headers: { 'x-synq-wallet': alice.publicKey.toBase58() } });
      assert.equal(forged.status, 401);
      assert.match(reason(forged), /^forged request/);

      // Alice's signature over one body sent with another.
      const tampered = await send(alice, 'PUT', '/v1/kv/secret', { value: 'overwritten' }, { signedBody: JSON.stringify({ value: 'alice-only' }) });
      assert.equal(tampered.status, 401);
      assert.match(reason(tampered), /^forged request/);

      // The same signed request twice: the second is a replay.
      const headers = await signRequest(alice, { node: nodeKey, method: 'PUT', path: '/v1/kv/counter', body: Buffer.from('{"value":"1"}') });
      assert.equal((await raw('PUT', '/v1/kv/counter', '{"value":"1"}', headers)).status, 200);
      const replay = await raw('PUT', '/v1/kv/counter', '{"value":"1"}', headers);
      assert.equal(replay.status, 401);
      assert.match(reason(replay), /^replayed request/);

      // Too old, too far ahead.
      for (const offset of [-120_000n, 120_000n]) {
        const stale = await send(alice, 'GET', '/v1/kv/secret', undefined, { timestamp: BigInt(Date.now()) + offset });
        assert.equal(stale.status, 401);
        assert.match(reason(stale), /^stale request/);
      }

      // Signed for another node: not valid here.
      const elsewhere = await send(alice, 'GET', '/v1/kv/secret', undefined, { signedFor: Keypair.generate().publicKey });
      assert.equal(elsewhere.status, 401);
      assert.match(reason(elsewhere), /^forged request/);

      // Malformed headers are named.
      const badNonce = await raw('GET', '/v1/kv/secret', '', { ...(await signRequest(alice, { node: nodeKey, method: 'GET', path: '/v1/kv/secret', body: new Uint8Array() })), 'x-synq-nonce': 'zz' });
      assert.equal(badNonce.status, 401);
      assert.match(reason(badNonce), /x-synq-nonce/);
      assert.equal(node.engine.kv.get(paymentsPda.creditAccount(alice.publicKey).toBase58(), Buffer.from('secret'))?.toString(), 'alice-only');
    });

    it('keeps every model of one developer out of another\'s reach, whatever namespace a header names', async () => {
      const aliceNs = paymentsPda.creditAccount(alice.publicKey).toBase58();
      const ok = async (p: Promise<{ status: number; body: Record<string, unknown> }>): Promise<void> => {
        const r = await p;
        assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      await ok(send(alice, 'PUT', '/v1/collections/orders', {}));
      await ok(send(alice, 'POST', '/v1/collections/orders/docs', { docs: [{ _id: 'o1', total: 42 }] }));
      await ok(send(alice, 'PUT', '/v1/vectors/embeddings', { dimension: 2 }));
      await ok(send(alice, 'POST', '/v1/vectors/embeddings/upsert', { items: [{ id: 'v1', vector: [1, 0] }] }));
      await ok(send(alice, 'PUT', '/v1/series/cpu', {}));
      await ok(send(alice, 'POST', '/v1/series/cpu/points', { points: [[1_000, 1]] }));
      const names = (r: { body: Record<string, unknown> }, field: string): unknown[] => (r.body[field] as Array<{ name: string }>).map((c) => c.name);
      // Alice sees all of hers.
      assert.deepEqual((await send(alice, 'GET', '/v1/kv')).body.keys, ['counter', 'secret']);
      assert.deepEqual(names(await send(alice, 'GET', '/v1/collections'), 'collections'), ['orders']);
      assert.equal(((await send(alice, 'POST', '/v1/collections/orders/find', { filter: {} })).body.docs as unknown[]).length, 1);
      assert.deepEqual(names(await send(alice, 'GET', '/v1/vectors'), 'collections'), ['embeddings']);
      assert.deepEqual(names(await send(alice, 'GET', '/v1/series'), 'series'), ['cpu']);
      // Bob, even naming Alice's namespace in the header the shared-password mode reads, sees
      // none of it: listings are empty and direct reads miss.
      const asBob = { headers: { 'x-synq-namespace': aliceNs } };
      const kv = await send(bob, 'GET', '/v1/kv/secret', undefined, asBob);
      assert.notEqual(kv.body.value, 'alice-only');
      assert.deepEqual((await send(bob, 'GET', '/v1/kv', undefined, asBob)).body.keys, []);
      assert.deepEqual((await send(bob, 'GET', '/v1/collections', undefined, asBob)).body.collections, []);
      assert.deepEqual((await send(bob, 'POST', '/v1/collections/orders/find', { filter: {} }, asBob)).body.docs, []);
      assert.deepEqual((await send(bob, 'GET', '/v1/vectors', undefined, asBob)).body.collections, []);
      const search = await send(bob, 'POST', '/v1/vectors/embeddings/search', { vector: [1, 0], k: 1 }, asBob);
      assert.equal(search.status, 404, JSON.stringify(search.body));
      assert.deepEqual((await send(bob, 'GET', '/v1/series', undefined, asBob)).body.series, []);
      const range = await send(bob, 'POST', '/v1/series/cpu/range', { from: 0, to: 2_000 }, asBob);
      assert.equal(range.status, 404, JSON.stringify(range.body));
      // Bob's writes land in his own namespace, not Alice's.
      await ok(send(bob, 'PUT', '/v1/kv/secret', { value: 'bob' }, asBob));
      assert.equal((await send(alice, 'GET', '/v1/kv/secret')).body.value, 'alice-only');
    });

    /** A raw RESP connection: send one frame, read one reply. */
    async function resp(): Promise<{ ask: (...args: string[]) => Promise<string>; close: () => void }> {
      const sock = net.connect(node.respPort, '127.0.0.1');
      await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
      return {
        ask: (...args) =>
          new Promise((resolve) => {
            sock.once('data', (d: Buffer) => resolve(d.toString()));
            sock.write(respFrame(...args));
          }),
        close: () => sock.destroy(),
      };
    }
    const bulk = (reply: string): string => reply.split('\r\n')[1];

    it('opens Redis-protocol sessions by a signed challenge, for redis-cli-style clients and ioredis alike, each in its credit account', async () => {
      const conn = await resp();
      assert.match(await conn.ask('GET', 'secret'), /^-NOAUTH/);
      const challenge = bulk(await conn.ask('SYNQ.CHALLENGE'));
      assert.match(challenge, /^[0-9a-f]{80}$/);
      assert.equal(await conn.ask('AUTH', alice.publicKey.toBase58(), sessionPassword(alice, nodeKey, challenge)), '+OK\r\n');
      assert.equal(bulk(await conn.ask('GET', 'secret')), 'alice-only', 'the same namespace as her HTTP requests');
      assert.equal(await conn.ask('SET', 'from-resp', '1'), '+OK\r\n');
      conn.close();

      // ioredis, unmodified: credentials from the SDK helper (challenge over HTTP).
      const endpoint = `http://127.0.0.1:${node.httpPort}`;
      const redis = new Redis({ port: node.respPort, ...(await redisCredentials(endpoint, alice)), lazyConnect: true });
      await redis.connect();
      assert.deepEqual((await redis.keys('*')).sort(), ['counter', 'from-resp', 'secret']);
      assert.equal(await redis.get('secret'), 'alice-only');
      redis.disconnect();

      // Bob's session sees none of Alice's keys, by KEYS, SCAN or GET.
      const bobRedis = new Redis({ port: node.respPort, ...(await redisCredentials(endpoint, bob)), lazyConnect: true });
      await bobRedis.connect();
      assert.deepEqual(await bobRedis.keys('*'), ['secret'], 'only the key Bob wrote over HTTP');
      assert.equal(await bobRedis.get('secret'), 'bob');
      assert.equal(await bobRedis.get('from-resp'), null);
      assert.deepEqual((await bobRedis.scan('0', 'COUNT', '1000'))[1], ['secret']);
      bobRedis.disconnect();
    });

    it('refuses replayed, forged, foreign, unknown and expired session challenges with the reason', async () => {
      const conn = await resp();
      const challenge = bulk(await conn.ask('SYNQ.CHALLENGE'));
      const password = sessionPassword(alice, nodeKey, challenge);
      assert.equal(await conn.ask('AUTH', alice.publicKey.toBase58(), password), '+OK\r\n');
      const again = await resp();
      assert.match(await again.ask('AUTH', alice.publicKey.toBase58(), password), /^-WRONGPASS replayed session/);
      const fresh = bulk(await again.ask('SYNQ.CHALLENGE'));
      const mallory = Keypair.generate();
      assert.match(await again.ask('AUTH', alice.publicKey.toBase58(), sessionPassword(mallory, nodeKey, fresh)), /^-WRONGPASS forged session/);
      assert.match(await again.ask('AUTH', alice.publicKey.toBase58(), sessionPassword(alice, Keypair.generate().publicKey, fresh)), /^-WRONGPASS forged session/);
      const madeUp = crypto.randomBytes(40).toString('hex');
      assert.match(await again.ask('AUTH', alice.publicKey.toBase58(), sessionPassword(alice, nodeKey, madeUp)), /^-WRONGPASS unknown challenge/);
      assert.match(await again.ask('AUTH', 'not-a-wallet', password), /^-WRONGPASS the AUTH username must be your wallet/);
      assert.match(await again.ask('AUTH', 'just-a-password'), /^-WRONGPASS open a session with AUTH <wallet>/);
      assert.match(await again.ask('GET', 'secret'), /^-NOAUTH/, 'no failed attempt opened a session');
      conn.close();
      again.close();
      // Expiry, on the gate's clock.
      const gate = new RequestGate(nodeKey);
      const issuedAt = Date.now();
      const old = gate.issueChallenge(issuedAt);
      assert.throws(() => gate.admitSession(alice.publicKey.toBase58(), sessionPassword(alice, nodeKey, old), issuedAt + SESSION_CHALLENGE_TTL_MS + 1), /expired challenge/);
      assert.equal(gate.admitSession(alice.publicKey.toBase58(), sessionPassword(alice, nodeKey, gate.issueChallenge(issuedAt)), issuedAt + 1_000), paymentsPda.creditAccount(alice.publicKey).toBase58());
    });
  });
});
