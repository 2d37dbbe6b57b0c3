/** `npm start -- --data-dir DIR --resp-port N --http-port M`: runs a storage node until SIGTERM/SIGINT. */
import { parseArgs } from 'node:util';
import { createLogger } from './log';
import { startStorageNode, tokenAuthenticator, VERSION } from './index';

const HELP = `synq storage-node ${VERSION}: KV over the Redis protocol, documents, vectors and time-series.

Usage: npm start -w storage-node -- [options]

Options:
  --data-dir DIR      where data lives (default: ./.synq/storage-node)
  --resp-port N       Redis-protocol port (default: 6380; 0 = any free port)
  --http-port N       HTTP JSON API port (default: 7070; 0 = any free port)
  --host ADDR         listen address (default: 127.0.0.1)
  --auth-token TOKEN  require clients to authenticate with TOKEN:
                      RESP: AUTH <namespace> TOKEN; HTTP: Authorization: Bearer TOKEN
                      (without it, AUTH <namespace> <anything> picks the namespace)
  --fsync             fsync every commit (survives power loss; slower).
                      Without it, acknowledged writes survive a process crash (kill -9).
  --log-level LEVEL   trace|debug|info|warn|error (default: info, or $SYNQ_LOG_LEVEL)
  --help              show this help

Logs are JSON lines on stdout. SIGTERM/SIGINT saves state and stops cleanly.`;

function port(v: string | undefined, def: number, name: string): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number from 0 to 65535, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        'resp-port': { type: 'string' },
        'http-port': { type: 'string' },
        host: { type: 'string' },
        'auth-token': { type: 'string' },
        fsync: { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
    if (args.help) {
      process.stdout.write(HELP + '\n');
      return;
    }
    port(args['resp-port'], 6380, '--resp-port');
    port(args['http-port'], 7070, '--http-port');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  const log = createLogger(args['log-level']);
  const token = args['auth-token'];
  const node = await startStorageNode({
    dataDir: args['data-dir'] ?? '.synq/storage-node',
    respPort: port(args['resp-port'], 6380, '--resp-port'),
    httpPort: port(args['http-port'], 7070, '--http-port'),
    host: args.host,
    fsync: args.fsync,
    requireAuth: token !== undefined,
    authenticate: token !== undefined ? tokenAuthenticator(token) : undefined,
    logger: log,
  });
  const stop = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    node.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`storage-node failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
