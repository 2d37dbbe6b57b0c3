/**
 * HTTP connections and request bodies as an attacker spends them. Without bounds, clients
 * that each send a large body (before any authentication: a wallet-signed request's body is
 * read to check its signature) make the node hold all of it at once until it runs out of
 * memory, and idle connections without number use up its file descriptors. Node-wide bounds:
 * `--http-body-memory` (bytes of bodies held at once) and `--http-max-connections`.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, startNode } from './helpers';

type Node = Awaited<ReturnType<typeof startNode>>;

const KIB = 1024;

/** A raw HTTP/1.1 connection: write what you like, read what comes back. */
class RawClient {
  readonly socket: net.Socket;
  private text = '';
  readonly ended: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => (this.text += d.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the server closes: `ended` tells
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends the head of a POST with `length` declared, and `sent` bytes of its (JSON string) body. */
  post(target: string, length: number, sent: number): void {
    this.socket.write(`POST ${target} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`);
    if (sent > 0) this.socket.write(body(length).subarray(0, sent));
  }

  /** The status of the first response, once its head has arrived (0: the connection closed without one). */
  async status(): Promise<number> {
    for (;;) {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(this.text);
      if (m !== null) return Number(m[1]);
      if (this.socket.destroyed) return 0;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  get received(): string {
    return this.text;
  }
}

/** A JSON body of exactly `length` bytes: a find whose filter holds a long string. */
function body(length: number): Buffer {
  const head = '{"filter":{"s":"';
  const tail = '"}}';
  return Buffer.from(head + 'a'.repeat(length - head.length - tail.length) + tail);
}

async function metric(port: number, name: string): Promise<number> {
  const text = (await api<string>(port, 'GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} is exported`);
  return Number(line.split(' ')[1]);
}

describe('HTTP limits: request body memory and connections, node-wide', function () {
  this.timeout(60_000);

  describe('--http-body-memory', () => {
    let node: Node;
    before(async () => {
      node = await startNode({ fairShare: { httpBodyMemory: 1024 * KIB } });
    });
    after(async () => {
      await node.close();
    });

    it('refuses a body that would pass the node-wide limit (503, connection closed) while smaller ones are served, and frees the bytes when a request ends', async () => {
      // A holds 700 KiB of an 800 KiB body and waits.
      const a = await RawClient.open(node.httpPort);
      a.post('/v1/collections/c/find', 800 * KIB, 700 * KIB);
      for (let i = 0; i < 400 && (await metric(node.httpPort, 'synq_storage_http_request_body_bytes')) < 700 * KIB; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(await metric(node.httpPort, 'synq_storage_http_request_body_bytes'), 700 * KIB);

      // B's 400 KiB would make 1100 KiB: refused, and its connection closed (the rest unread).
      const b = await RawClient.open(node.httpPort);
      b.post('/v1/collections/c/find', 400 * KIB, 400 * KIB);
      assert.equal(await b.status(), 503);
      assert.match(b.received, /--http-body-memory/);
      assert.match(b.received.toLowerCase(), /connection: close/);
      await b.ended;

      // A small request still fits beside A.
      const small = await api(node.httpPort, 'POST', '/v1/collections/c/find', { filter: { s: 'x' } });
      assert.equal(small.status, 200);

      // A finishes: answered, and its bytes are free again.
      a.socket.write(body(800 * KIB).subarray(700 * KIB));
      assert.equal(await a.status(), 200);
      a.socket.destroy();
      await a.ended;
      for (let i = 0; i < 400 && (await metric(node.httpPort, 'synq_storage_http_request_body_bytes')) > 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(await metric(node.httpPort, 'synq_storage_http_request_body_bytes'), 0);
      const again = await api(node.httpPort, 'POST', '/v1/collections/c/find', body(900 * KIB).toString());
      assert.equal(again.status, 200);
    });

    it('counts chunked bodies as they arrive', async () => {
      const a = await RawClient.open(node.httpPort);
      a.socket.write('POST /v1/collections/c/find HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(300 * KIB, 'a');
      for (let i = 0; i < 4; i++) a.socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      assert.equal(await a.status(), 503);
      await a.ended;
      assert.equal((await api(node.httpPort, 'GET', '/health')).status, 200);
    });

    it('refuses a declared length over the per-request bound before reading any of it (413)', async () => {
      const a = await RawClient.open(node.httpPort);
      a.post('/v1/collections/c/find', 100 * 1024 * KIB, 0);
      assert.equal(await a.status(), 413);
      await a.ended;
      assert.equal(await metric(node.httpPort, 'synq_storage_http_request_body_bytes'), 0);
    });
  });

  describe('--http-max-connections', () => {
    let node: Node;
    before(async () => {
      node = await startNode({ fairShare: { httpMaxConnections: 3 } });
    });
    after(async () => {
      await node.close();
    });

    it('closes connections past the limit as they are accepted, and serves again once one leaves', async () => {
      const held = await Promise.all([0, 1, 2].map(() => RawClient.open(node.httpPort)));
      // Each held connection is served (it counts as open).
      for (const c of held) c.socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
      for (const c of held) assert.equal(await c.status(), 200);

      const fourth = await RawClient.open(node.httpPort);
      fourth.socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
      await fourth.ended;
      assert.equal(await fourth.status(), 0, 'no answer past the limit');

      held[0].socket.destroy();
      await held[0].ended;
      await new Promise((r) => setTimeout(r, 50)); // the server sees the close
      const next = await RawClient.open(node.httpPort);
      next.socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
      assert.equal(await next.status(), 200);
      for (const c of [...held.slice(1), next]) {
        c.socket.destroy();
        await c.ended;
      }
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await metric(node.httpPort, 'synq_storage_http_connections_refused_total'), 1);
    });
  });
});
