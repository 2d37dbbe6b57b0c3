import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT, spawnNode, tempDir, api } from './helpers';

const run = (args: string[]): ReturnType<typeof spawnSync> =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('CLI', () => {
  it('--help documents every flag', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0);
    for (const flag of ['--data-dir', '--resp-port', '--http-port', '--host', '--auth-token', '--fsync', '--log-level', '--help', '--network', '--wallet-auth', '--receipt-every']) assert.ok(String(r.stdout).includes(flag), flag);
  });

  it('rejects unknown flags and bad ports with exit code 2', () => {
    assert.equal(run(['--nope']).status, 2);
    const r = run(['--resp-port', 'abc']);
    assert.equal(r.status, 2);
    assert.match(String(r.stderr), /--resp-port must be a port number/);
    const walletAuthAlone = run(['--wallet-auth']);
    assert.equal(walletAuthAlone.status, 2);
    assert.match(String(walletAuthAlone.stderr), /--wallet-auth needs --network/);
    const both = run(['--network', '--wallet-auth', '--auth-token', 'x']);
    assert.equal(both.status, 2);
    assert.match(String(both.stderr), /--wallet-auth and --auth-token exclude each other/);
    const receiptsAlone = run(['--network', '--receipt-every', '100']);
    assert.equal(receiptsAlone.status, 2);
    assert.match(String(receiptsAlone.stderr), /--receipt-every needs --wallet-auth/);
    for (const bad of ['0', 'lots', '1e6']) {
      const r2 = run(['--network', '--wallet-auth', '--receipt-every', bad]);
      assert.equal(r2.status, 2, bad);
      assert.match(String(r2.stderr), /--receipt-every must be a positive number of credits/);
    }
  });

  it('logs its addresses as JSON, serves /health, and stops cleanly on SIGTERM', async () => {
    const node = await spawnNode(tempDir('cli'), ['--auth-token', 'tok']);
    const line = node.logs.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return {}; } }).find((l) => l.msg === 'storage node listening')!;
    assert.match(String(line.resp), /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.match(String(line.http), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await api(node.httpPort, 'GET', '/health')).status, 200);
    assert.equal((await api(node.httpPort, 'GET', '/v1/kv/x')).status, 401);
    assert.equal((await api(node.httpPort, 'GET', '/v1/kv/x', undefined, { authorization: 'Bearer tok' })).status, 200);
    node.proc.kill('SIGTERM');
    assert.equal(await node.exited, 0);
    assert.ok(node.logs.some((l) => l.includes('"storage node stopped"')));
  });
});
