/**
 * Fair share between tenants: one namespace's connections and in-flight HTTP requests meet
 * its own limits (Redis's "max number of clients reached", HTTP 429) while another tenant is
 * served; the node-wide maxclients refuses a connection as Redis does.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import Redis from 'ioredis';
import { respFrame, sleep, startNode } from './helpers';

async function connect(port: number): Promise<net.Socket> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  return sock;
}

/** Sends a frame and reads until `n` CRLF-terminated lines (or the connection closes). */
async function ask(sock: net.Socket, frame: Buffer): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = (): void => {
      sock.off('data', onData);
      resolve(got);
    };
    const onData = (d: Buffer): void => {
      got += d.toString();
      if (got.endsWith('\r\n')) done();
    };
    sock.on('data', onData);
    sock.once('close', done);
    sock.write(frame);
  });
}

describe('fair share between tenants', function () {
  this.timeout(60_000);

  it('caps one namespace\'s RESP connections while another tenant connects freely; a closed one frees its slot', async () => {
    const node = await startNode({ fairShare: { namespaceMaxClients: 3 } });
    const socks: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const s = await connect(node.respPort);
        socks.push(s);
        assert.equal(await ask(s, respFrame('AUTH', 'greedy', 'x')), '+OK\r\n');
      }
      const fourth = await connect(node.respPort);
      socks.push(fourth);
      assert.equal(await ask(fourth, respFrame('AUTH', 'greedy', 'x')), "-ERR max number of clients reached for namespace 'greedy'\r\n");
      // Still unauthenticated into greedy: it works in the open namespace, not greedy's.
      assert.equal(await ask(fourth, respFrame('SET', 'where', 'default')), '+OK\r\n');
      const other = await connect(node.respPort);
      socks.push(other);
      assert.equal(await ask(other, respFrame('AUTH', 'polite', 'x')), '+OK\r\n');
      socks[0].destroy();
      await sleep(100);
      assert.equal(await ask(fourth, respFrame('AUTH', 'greedy', 'x')), '+OK\r\n');
    } finally {
      for (const s of socks) s.destroy();
      await node.close();
    }
  });

  it('refuses connections past maxclients in Redis\'s words and keeps serving the others', async () => {
    const node = await startNode({ fairShare: { maxClients: 2 } });
    const a = new Redis({ port: node.respPort });
    const b = new Redis({ port: node.respPort });
    try {
      await a.ping();
      await b.ping();
      const third = await connect(node.respPort);
      const reply = await ask(third, respFrame('PING'));
      assert.equal(reply, '-ERR max number of clients reached\r\n');
      assert.equal(await a.set('k', 'v'), 'OK');
    } finally {
      a.disconnect();
      b.disconnect();
      await node.close();
    }
  });

  it('answers 429 to a namespace with too many HTTP requests in flight, not to another', async () => {
    const node = await startNode({ fairShare: { namespaceMaxRequests: 2 } });
    // Two requests whose bodies never finish hold greedy's two slots.
    const held: http.ClientRequest[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const req = http.request({ port: node.httpPort, method: 'PUT', path: `/v1/kv/slow${i}`, headers: { 'x-synq-namespace': 'greedy', 'content-type': 'application/json', 'content-length': '100' }, agent: false });
        req.on('error', () => undefined);
        req.write('{"value":');
        held.push(req);
      }
      await sleep(100);
      const status = async (ns: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = http.request({ port: node.httpPort, method: 'GET', path: '/v1/kv/x', headers: { 'x-synq-namespace': ns }, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal(await status('greedy'), 429);
      assert.equal(await status('polite'), 200);
      for (const req of held) req.destroy();
      await sleep(100);
      assert.equal(await status('greedy'), 200, 'the slots are free again');
    } finally {
      for (const req of held) req.destroy();
      await node.close();
    }
  });
});
