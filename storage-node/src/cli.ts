/** `npm run storage-node -- [--network ...]`: runs a storage node until SIGTERM/SIGINT. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { getMint } from '@solana/spl-token';
import { SynqClient, loadConfig, parseTokenAmount, readKeypair, registryPda } from '@synq/sdk';
import { createLogger } from './log';
import { EVICTION_POLICIES, type EvictionPolicy } from './engine/kv';
import { NetworkStartError, startStorageNode, tokenAuthenticator, VERSION, type StorageNodeOptions } from './index';

const HELP = `synq storage-node ${VERSION}: KV over the Redis protocol, documents, vectors and time-series.

Usage: npm run storage-node -- [options]

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
  --work-budget-ms N  time one request (HTTP query, RESP command) may scan data before it is
                      stopped with an over_budget error, so none holds the node (default: 500;
                      0 = unbounded)
  --maxmemory BYTES   the KV dataset's size limit (records plus keys, held in memory), in bytes
                      or with Redis's units (100mb, 2gb); default: none
  --maxmemory-policy P  past a limit: noeviction (default: refuse writes with OOM),
                      allkeys-lru, allkeys-random, volatile-lru, volatile-random, volatile-ttl
  --namespace-quota BYTES  stored bytes one namespace (tenant) may hold: its KV data is kept
                      under it (per the policy), other writes are refused at it; default: none
  --max-clients N     RESP connections node-wide (default: 10000)
  --namespace-max-clients N   RESP connections AUTHed into one namespace (default: 1000)
  --namespace-max-requests N  HTTP requests of one namespace in flight; more get 429 (default: 64)
  --http-max-connections N    HTTP connections node-wide; past it new ones are closed (default: 10000)
  --http-body-memory BYTES    HTTP request bodies held at once, all requests together; a body
                      past it gets 503 (default: 256mb)
  --log-level LEVEL   trace|debug|info|warn|error (default: info, or $SYNQ_LOG_LEVEL)
  --help              show this help

Network mode (docs/storage-node-network.md): join the Synq network as a storage node: stake,
register, commit snapshots of the data, answer storage challenges, report, claim rewards.
  --network               take part in the network (without it: a standalone database)
  --keypair FILE          the operator's keypair (default: $SYNQ_WALLET, else the deployment's wallet)
  --rpc-url URL           cluster RPC (default: $SYNQ_RPC_URL, else http://127.0.0.1:8899)
  --stake AMOUNT          $SYNQ the operator's own position should hold (staked up to it)
  --commission-bps N      commission of a new staking pool, 0..10000 (default: 500)
  --region R              region code, e.g. UN M49 (default: 0)
  --endpoint URL          public HTTP URL of this node (default: its HTTP listen address)
  --capacity BYTES        storage offered (default: free space of --data-dir)
  --chain-poll-ms N       chain poll interval besides PubSub (default: 5000)
  --wallet-auth           HTTP data requests must be signed by the developer's wallet for this
                          node, RESP sessions opened by AUTH <wallet> <signed challenge>; both
                          are served in the wallet's credit-account namespace and metered
                          against the on-chain price table (docs/paid-access.md)
  --receipt-every CREDITS with --wallet-auth: unreceipted usage at which the node asks the
                          developer to co-sign a receipt; it refuses service at twice that
                          (default: 100000)

Logs are JSON lines on stdout. SIGTERM/SIGINT saves state and stops cleanly.`;

function integer(v: string | undefined, min: number, max: number, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

/** The network agent's settings from the flags and the SDK's config loader. */
async function networkOptions(args: Record<string, string | boolean | undefined>, dataDir: string): Promise<StorageNodeOptions['network']> {
  const str = (name: string): string | undefined => (typeof args[name] === 'string' ? (args[name] as string) : undefined);
  const config = loadConfig({ rpcUrl: str('rpc-url'), walletPath: str('keypair') });
  if (config.walletPath === undefined) throw new NetworkStartError('no operator keypair: pass --keypair FILE (or set SYNQ_WALLET)');
  if (!fs.existsSync(config.walletPath)) throw new NetworkStartError(`the keypair file ${config.walletPath} does not exist`);
  const client = SynqClient.connect({ rpcUrl: config.rpcUrl, walletPath: config.walletPath, keypair: readKeypair(config.walletPath) });
  let stake: bigint | undefined;
  const stakeText = str('stake');
  if (stakeText !== undefined) {
    const { mint } = client.requireDeployment();
    const { decimals } = await getMint(client.connection, mint, 'confirmed').catch((e: unknown) => {
      throw new NetworkStartError(`cannot read the $SYNQ mint at ${config.rpcUrl}: ${(e as Error).message}`);
    });
    stake = parseTokenAmount(stakeText, decimals);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const free = fs.statfsSync(dataDir);
  return {
    client,
    stake,
    commissionBps: integer(str('commission-bps'), 0, 10_000, '--commission-bps') ?? 500,
    region: integer(str('region'), 0, 65_535, '--region') ?? 0,
    endpoint: str('endpoint'),
    capacityBytes: str('capacity') !== undefined ? BigInt(str('capacity') as string) : BigInt(free.bavail) * BigInt(free.bsize),
    pollMs: integer(str('chain-poll-ms'), 100, 3_600_000, '--chain-poll-ms'),
  };
}

const UNITS: Record<string, number> = { '': 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };

/** A size in bytes, with Redis's units (1k = 1000, 1kb = 1024, ... gb). */
function bytes(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{1,15})(k|kb|m|mb|g|gb)?$/i.exec(v);
  if (m === null) throw new Error(`${name} must be a size in bytes (e.g. 1048576, 100mb, 2gb), got "${v}"`);
  return Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()];
}

function policy(v: string | undefined): EvictionPolicy | undefined {
  if (v === undefined) return undefined;
  if (!(EVICTION_POLICIES as string[]).includes(v)) throw new Error(`--maxmemory-policy must be one of ${EVICTION_POLICIES.join(', ')}, got "${v}"`);
  return v as EvictionPolicy;
}

function port(v: string | undefined, def: number, name: string): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number from 0 to 65535, got "${v}"`);
  return n;
}

/** The command line, strict: an unknown flag is an error. */
function parseFlags() {
  return parseArgs({
      options: {
        'data-dir': { type: 'string' },
        'resp-port': { type: 'string' },
        'http-port': { type: 'string' },
        host: { type: 'string' },
        'auth-token': { type: 'string' },
        fsync: { type: 'boolean' },
        'log-level': { type: 'string' },
        'work-budget-ms': { type: 'string' },
        maxmemory: { type: 'string' },
        'maxmemory-policy': { type: 'string' },
        'namespace-quota': { type: 'string' },
        'max-clients': { type: 'string' },
        'namespace-max-clients': { type: 'string' },
        'namespace-max-requests': { type: 'string' },
        'http-max-connections': { type: 'string' },
        'http-body-memory': { type: 'string' },
        help: { type: 'boolean' },
        network: { type: 'boolean' },
        'wallet-auth': { type: 'boolean' },
        'receipt-every': { type: 'string' },
        keypair: { type: 'string' },
        'rpc-url': { type: 'string' },
        stake: { type: 'string' },
        'commission-bps': { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        capacity: { type: 'string' },
        'chain-poll-ms': { type: 'string' },
      },
      strict: true,
    }).values;
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseFlags>;
  try {
    args = parseFlags();
    if (args.help) {
      process.stdout.write(HELP + '\n');
      return;
    }
    port(args['resp-port'], 6380, '--resp-port');
    port(args['http-port'], 7070, '--http-port');
    integer(args['work-budget-ms'], 0, 3_600_000, '--work-budget-ms');
    bytes(args.maxmemory, '--maxmemory');
    bytes(args['namespace-quota'], '--namespace-quota');
    policy(args['maxmemory-policy']);
    for (const flag of ['max-clients', 'namespace-max-clients', 'namespace-max-requests', 'http-max-connections'] as const) integer(args[flag], 1, 1_000_000, `--${flag}`);
    if (bytes(args['http-body-memory'], '--http-body-memory') === 0) throw new Error('--http-body-memory must be above 0 (it bounds memory: there is no "unbounded")');
    const networkOnly = ['keypair', 'rpc-url', 'stake', 'commission-bps', 'region', 'endpoint', 'capacity', 'chain-poll-ms', 'wallet-auth'] as const;
    if (args['wallet-auth'] && args['auth-token'] !== undefined) throw new Error('--wallet-auth and --auth-token exclude each other: signed requests decide the namespace');
    if (args['receipt-every'] !== undefined && !args['wallet-auth']) throw new Error('--receipt-every needs --wallet-auth');
    if (args['receipt-every'] !== undefined && (!/^\d{1,15}$/.test(args['receipt-every']) || BigInt(args['receipt-every']) === 0n)) throw new Error(`--receipt-every must be a positive number of credits, got "${args['receipt-every']}"`);
    const stray = networkOnly.find((flag) => args[flag] !== undefined);
    if (!args.network && stray) throw new Error(`--${stray} needs --network`);
    integer(args['commission-bps'], 0, 10_000, '--commission-bps');
    integer(args.region, 0, 65_535, '--region');
    integer(args['chain-poll-ms'], 100, 3_600_000, '--chain-poll-ms');
    if (args.capacity !== undefined && !/^\d{1,19}$/.test(args.capacity)) throw new Error(`--capacity must be a number of bytes, got "${args.capacity}"`);
    if (args.endpoint !== undefined && !/^https?:\/\/[^\s]{1,120}$/.test(args.endpoint)) throw new Error(`--endpoint must be an http(s) URL of at most 128 characters, got "${args.endpoint}"`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  const log = createLogger(args['log-level']);
  // web3.js's confirmation races a block-height poll against a subscription; when the RPC goes
  // away mid-race the losing poll's rejection is nobody's (seen as a node crash while its chain
  // was cut). The chain work retries on its own: log such a stray rejection, keep serving data.
  process.on('unhandledRejection', (err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled rejection (ignored: the chain work retries)'));
  const token = args['auth-token'];
  const dataDir = args['data-dir'] ?? '.synq/storage-node';
  let network: StorageNodeOptions['network'];
  try {
    network = args.network ? await networkOptions(args, dataDir) : undefined;
  } catch (e) {
    process.stderr.write(`storage-node: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const operator = network?.client.provider.wallet.publicKey;
  const node = await startStorageNode({
    network,
    walletAuth: args['wallet-auth'] && operator ? { node: registryPda.node(operator) } : undefined,
    receiptEvery: args['receipt-every'] === undefined ? undefined : BigInt(args['receipt-every']),
    dataDir,
    respPort: port(args['resp-port'], 6380, '--resp-port'),
    httpPort: port(args['http-port'], 7070, '--http-port'),
    host: args.host,
    fsync: args.fsync,
    workBudgetMs: integer(args['work-budget-ms'], 0, 3_600_000, '--work-budget-ms'),
    maxmemory: bytes(args.maxmemory, '--maxmemory'),
    maxmemoryPolicy: policy(args['maxmemory-policy']),
    namespaceQuota: bytes(args['namespace-quota'], '--namespace-quota'),
    fairShare: {
      maxClients: integer(args['max-clients'], 1, 1_000_000, '--max-clients'),
      namespaceMaxClients: integer(args['namespace-max-clients'], 1, 1_000_000, '--namespace-max-clients'),
      namespaceMaxRequests: integer(args['namespace-max-requests'], 1, 1_000_000, '--namespace-max-requests'),
      httpMaxConnections: integer(args['http-max-connections'], 1, 1_000_000, '--http-max-connections'),
      httpBodyMemory: bytes(args['http-body-memory'], '--http-body-memory'),
    },
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
  if (e instanceof NetworkStartError) {
    process.stderr.write(`storage-node: ${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`storage-node failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
