/**
 * Request targets as an attacker writes them: malformed percent-escapes, encoded slashes,
 * dot segments and absolute-form targets. None may take the node down (a `%zz` in a key used
 * to throw out of the request handler and end the process) or reach another route.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, startNode } from './helpers';

type Node = Awaited<ReturnType<typeof startNode>>;

/** Sends one raw HTTP/1.1 request and resolves the status code of the answer. */
function rawStatus(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('HTTP request targets', () => {
  let node: Node;
  before(async () => {
    node = await startNode();
  });
  after(async () => {
    await node.close();
  });

  it('answers malformed percent-escapes with 404 and keeps serving', async () => {
    for (const target of ['/v1/kv/a%zz', '/v1/kv/%', '/v1/collections/%E0%A4%A/docs/1', '/v1/collections/c/docs/%ff']) {
      assert.equal(await rawStatus(node.httpPort, target), 404, target);
    }
    assert.equal((await api(node.httpPort, 'GET', '/health')).status, 200);
  });

  it('decodes parameters once: an encoded slash or dot segment stays inside the key', async () => {
    assert.equal((await api(node.httpPort, 'PUT', `/v1/kv/${encodeURIComponent('a/../b')}`, { value: 'x' })).status, 200);
    assert.deepEqual((await api(node.httpPort, 'GET', '/v1/kv/a%2F..%2Fb')).body, { value: 'x' });
    assert.deepEqual((await api(node.httpPort, 'GET', '/v1/kv/b')).body, { value: null });
    // Unencoded dot segments are path segments: no route has them.
    assert.equal(await rawStatus(node.httpPort, '/v1/kv/../health'), 404);
    assert.equal(await rawStatus(node.httpPort, 'http://evil/v1/kv/b'), 404);
  });
});
