/**
 * /metrics (src/server/metrics.ts): prom-client's text from a real node over a real socket,
 * after real HTTP and Redis-protocol traffic. Request latency histograms move by exactly the
 * requests sent, labelled by route pattern (never the raw path) and command name (bounded);
 * two nodes in one process count apart; every name says it is the storage node's.
 */
import assert from 'node:assert/strict';
import { api, respFrame, startNode } from './helpers';
import { exchange } from './redis-server';

type Node = Awaited<ReturnType<typeof startNode>>;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (samples only; `# HELP` / `# TYPE` kept apart). */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

async function scrape(node: Node): Promise<Sample[]> {
  const res = await fetch(`http://127.0.0.1:${node.httpPort}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parse(await res.text()).samples;
}

/** The value of the sample with exactly these labels (0 when there is none yet). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const want = JSON.stringify(Object.entries(labels).sort());
  const hit = samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
  return hit?.value ?? 0;
}

const HTTP = 'synq_storage_http_request_duration_seconds';
const RESP = 'synq_storage_resp_command_duration_seconds';

/** Every series of histogram `name`: its buckets rise, +Inf equals its count, its sum is positive. */
function checkHistogram(samples: Sample[], name: string): void {
  const counts = samples.filter((s) => s.name === `${name}_count`);
  assert.ok(counts.length > 0, `no ${name} series`);
  for (const c of counts) {
    const key = JSON.stringify(Object.entries(c.labels).sort());
    const buckets = samples.filter((s) => s.name === `${name}_bucket` && JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== 'le').sort()) === key);
    assert.ok(buckets.length >= 2, `${name}${key}: no buckets`);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, `${name}${key}: buckets fall`);
    assert.equal(buckets[buckets.length - 1].labels.le, '+Inf');
    assert.equal(buckets[buckets.length - 1].value, c.value, `${name}${key}: +Inf bucket is not the count`);
    assert.ok(value(samples, `${name}_sum`, c.labels) > 0, `${name}${key}: zero sum`);
  }
}

describe('storage node metrics (/metrics)', () => {
  let a: Node;
  let b: Node;
  before(async () => {
    a = await startNode();
    b = await startNode();
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('times HTTP requests by method, route pattern and status code, never by the raw path', async () => {
    const before = await scrape(a);
    const put = { method: 'PUT', route: '/v1/kv/:key', status: '200' };
    const get = { method: 'GET', route: '/v1/kv/:key', status: '200' };
    const wrongMethod = { method: 'POST', route: '/v1/kv/:key', status: '405' };
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    const docs = { method: 'POST', route: '/v1/collections/:c/docs', status: '200' };
    assert.equal((await api(a.httpPort, 'PUT', '/v1/kv/secret-key-1', { value: 'v' })).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await api(a.httpPort, 'GET', `/v1/kv/secret-key-${i}`)).status, 200);
    assert.equal((await api(a.httpPort, 'POST', '/v1/kv/secret-key-1', {})).status, 405);
    assert.equal((await api(a.httpPort, 'GET', '/no/such/secret-path')).status, 404);
    assert.equal((await api(a.httpPort, 'PUT', '/v1/collections/private-things', {})).status, 200);
    assert.equal((await api(a.httpPort, 'POST', '/v1/collections/private-things/docs', { docs: [{ n: 1 }] })).status, 200);
    // Parameters are percent-decoded, query strings read, a malformed escape names no route.
    assert.equal((await api(a.httpPort, 'PUT', `/v1/kv/${encodeURIComponent('secret/key ü?')}`, { value: 'w' })).status, 200);
    const listed = await api(a.httpPort, 'GET', `/v1/kv?pattern=${encodeURIComponent('secret/*')}`);
    assert.deepEqual(listed.body, { keys: ['secret/key ü?'] });
    assert.equal((await api(a.httpPort, 'GET', '/v1/kv/secret-%zz')).status, 404);
    const after = await scrape(a);
    const moved = (labels: Record<string, string>): number => value(after, `${HTTP}_count`, labels) - value(before, `${HTTP}_count`, labels);
    assert.equal(moved(put), 2);
    assert.equal(moved(get), 3);
    assert.equal(moved(wrongMethod), 1);
    assert.equal(moved(unmatched), 1);
    assert.equal(moved({ method: 'GET', route: '/v1/kv/:key', status: '404' }), 1);
    assert.equal(moved(docs), 1);
    // The scrape before this one was timed too, after its response ended.
    assert.ok(value(after, `${HTTP}_count`, { method: 'GET', route: '/metrics', status: '200' }) >= 1);
    checkHistogram(after, HTTP);
    for (const s of after) {
      for (const v of Object.values(s.labels)) assert.doesNotMatch(v, /secret|private/, `a path became a label value: ${s.name} ${JSON.stringify(s.labels)}`);
    }
  });

  it('times the commands the JS RESP server runs by name; fast-path commands are counted, not timed', async () => {
    const before = await scrape(a);
    // SET and GET first on a fresh connection: the native socket thread serves them itself;
    // ECHO (the end marker, twice: EcHo and exchange's own), DBSIZE and an unknown name go to JS.
    const frames = Buffer.concat([respFrame('SET', 'k', 'v'), respFrame('GET', 'k'), respFrame('EcHo', 'x'), respFrame('DBSIZE'), respFrame('NO-SUCH-COMMAND-secret', 'y')]);
    await exchange(a.respPort, frames, []);
    const after = await scrape(a);
    const moved = (name: string, labels: Record<string, string> = {}): number => value(after, name, labels) - value(before, name, labels);
    assert.equal(moved(`${RESP}_count`, { command: 'echo' }), 2);
    assert.equal(moved(`${RESP}_count`, { command: 'dbsize' }), 1);
    assert.equal(moved(`${RESP}_count`, { command: 'other' }), 1);
    assert.equal(moved(`${RESP}_count`, { command: 'get' }), 0, 'GET was served by the socket thread: not timed');
    assert.equal(moved(`${RESP}_count`, { command: 'set' }), 0);
    assert.equal(moved('synq_storage_resp_commands_total'), 6, 'every command counted, both paths');
    checkHistogram(after, RESP);
    for (const s of after.filter((x) => x.name.startsWith(RESP))) assert.doesNotMatch(s.labels.command, /secret/);
    // A JS command takes microseconds: it lands in a low bucket.
    assert.equal(value(after, `${RESP}_bucket`, { command: 'dbsize', le: '0.1' }), value(after, `${RESP}_count`, { command: 'dbsize' }));
  });

  it('keeps the counts of two nodes in one process apart', async () => {
    const aBefore = await scrape(a);
    const bBefore = await scrape(b);
    assert.equal(value(bBefore, `${HTTP}_count`, { method: 'PUT', route: '/v1/kv/:key', status: '200' }), 0, "b counted a's requests");
    assert.equal(value(bBefore, `${RESP}_count`, { command: 'echo' }), 0, "b counted a's commands");
    assert.equal(value(bBefore, 'synq_storage_resp_commands_total'), 0);
    await exchange(b.respPort, respFrame('ECHO', 'b'), []);
    assert.equal((await api(b.httpPort, 'GET', '/v1/kv/only-b')).status, 200);
    const aAfter = await scrape(a);
    const bAfter = await scrape(b);
    assert.equal(value(bAfter, `${RESP}_count`, { command: 'echo' }), 2);
    assert.equal(value(bAfter, `${HTTP}_count`, { method: 'GET', route: '/v1/kv/:key', status: '200' }), 1);
    assert.equal(value(aAfter, `${RESP}_count`, { command: 'echo' }), value(aBefore, `${RESP}_count`, { command: 'echo' }), "a counted b's commands");
    assert.equal(value(aAfter, `${HTTP}_count`, { method: 'GET', route: '/v1/kv/:key', status: '200' }), value(aBefore, `${HTTP}_count`, { method: 'GET', route: '/v1/kv/:key', status: '200' }));
  });

  it('names every metric synq_storage_*, process metrics and per-namespace usage included', async () => {
    const res = await fetch(`http://127.0.0.1:${a.httpPort}/metrics`);
    const { samples, types } = parse(await res.text());
    for (const name of types.keys()) assert.match(name, /^synq_storage_/);
    for (const s of samples) assert.match(s.name, /^synq_storage_/);
    assert.equal(types.get(HTTP), 'histogram');
    assert.equal(types.get(RESP), 'histogram');
    assert.equal(types.get('synq_storage_resp_commands_total'), 'counter');
    assert.equal(types.get('synq_storage_namespace_stored_bytes'), 'gauge');
    assert.ok(value(samples, 'synq_storage_namespace_writes_total', { namespace: 'default' }) >= 1);
    assert.ok(value(samples, 'synq_storage_bytes_served_total') > 0);
    assert.ok(value(samples, 'synq_storage_sessions_total') >= 1);
    assert.ok(value(samples, 'synq_storage_process_cpu_seconds_total') > 0, 'process metrics, prefixed');
    assert.ok(types.has('synq_storage_nodejs_eventloop_lag_seconds'));
  });
});
