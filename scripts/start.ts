/**
 * `npm start`: runs the Synq network locally in the foreground. Builds nothing (`npm install`
 * did): starts each service in order (localnet, the deployment, the indexer, the dashboard, a
 * storage node), prints where everything listens, and on SIGINT/SIGTERM stops the services in
 * reverse order.
 *
 *   npm start                        localnet on 8899 (PubSub 8900), GraphQL on 4000, the
 *                                    dashboard on 7080, storage node on 6380 (Redis protocol)
 *                                    and 7070 (HTTP)
 *   npm start -- --rpc-port 0        any free ports for everything (other args go to synq-localnet)
 *   npm start -- --dashboard-port N  the dashboard on N (0 = any free port)
 *
 * The indexer uses DATABASE_URL when set, else an embedded PostgreSQL in .synq/indexer-pg; the
 * storage node keeps its data in .synq/storage-node.
 */
import { join } from "node:path";

import { Keypair, type PublicKey } from "@solana/web3.js";
import { existsSync } from "node:fs";

import { SynqClient, canWarpClock, chainTime, loadConfig, nodeStatusName, parseTokenAmount, readKeypair, warpClock, writeKeypair } from "@synq/sdk";

import { SYNQ_DECIMALS, deploy, deployerKeypair } from "../migrations/deploy";
import { jsonLine, startChild } from "./lib/child";
import { fundFromDeployer } from "./lib/faucet";
import { REPO_ROOT, startLocalnet } from "./lib/localnet";

/** What a started service reports and how to stop it. */
interface RunningService {
  /** label -> address, printed once everything is up. */
  endpoints: [string, string][];
  /** Settles when the service ends by itself (a crash, when not stopping). */
  exited: Promise<unknown>;
  stop(): Promise<void>;
}

interface Service {
  name: string;
  start(): Promise<RunningService>;
}

const log = (line: string): void => console.log(`[start] ${line}`);

/** Takes `--name N` / `--name=N` out of `args` (the rest go to synq-localnet): the port, if given. */
function takePortFlag(args: string[], name: string): string | undefined {
  const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const [flag] = args.splice(at, 1);
  const value = flag!.includes("=") ? flag!.slice(name.length + 1) : args.splice(at, 1)[0];
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
    console.error(`[start] ${name} must be a port number 0..65535 (0 = any free port), got ${value === undefined ? "nothing" : `"${value}"`}`);
    process.exit(2);
  }
  return value;
}

const localnetArgs = process.argv.slice(2);
const dashboardPort = takePortFlag(localnetArgs, "--dashboard-port");
const logLocalnet = process.env.SYNQ_LOCALNET_LOGS === "1";
/** `--rpc-port 0`: every service picks a free port. */
const freePorts = localnetArgs.some((a, i) => a === "--rpc-port=0" || (a === "--rpc-port" && localnetArgs[i + 1] === "0"));
const port = (fixed: number): string => String(freePorts ? 0 : fixed);
/** The indexer's GraphQL URL once it is up (the dashboard proxies it). */
let graphqlUrl: string | undefined;

/**
 * A Node service run as a child process (its own logs stay out of this terminal unless
 * SYNQ_SERVICE_LOGS=1). `ready` reads its stdout lines and returns its endpoints once it is up.
 */
async function childService(
  name: string,
  args: string[],
  ready: (line: string) => [string, string][] | undefined,
): Promise<RunningService> {
  const child = await startChild({
    name,
    command: process.execPath,
    args: ["-r", "ts-node/register/transpile-only", ...args],
    cwd: REPO_ROOT,
    parseReady: ready,
    logStdout: true,
    onLog: process.env.SYNQ_SERVICE_LOGS === "1" ? (line) => console.error(`[${name}] ${line}`) : undefined,
    readyTimeoutMs: 120_000,
    failGraceMs: 10_000,
    keepLines: 30,
  });
  return { endpoints: child.ready, exited: child.exited, stop: () => child.stop(10_000) };
}

/** The local storage node's own stake: the deployment's minimum. */
const STORAGE_NODE_STAKE = "10000";

/**
 * The local storage node's operator (`.synq/storage-node-operator.json`, made once), given SOL
 * and $SYNQ for its stake by the deployer: on localnet the deployer holds the mint.
 */
async function fundStorageNodeOperator(): Promise<{ keypair: Keypair; path: string }> {
  const path = join(".synq", "storage-node-operator.json");
  if (!existsSync(path)) writeKeypair(path, Keypair.generate());
  const keypair = readKeypair(path);
  // Once staked, the tokens are in the pool: no more are minted.
  const client = SynqClient.connect({ keypair });
  await fundFromDeployer(keypair.publicKey, parseTokenAmount(STORAGE_NODE_STAKE, SYNQ_DECIMALS), async () => (await client.staking.fetchPool(keypair.publicKey)) !== null);
  return { keypair, path };
}

/**
 * Waits for the local storage node to register and commit. Its new stake warms up for days of
 * chain time first: on a localnet that can warp its clock, the wait is skipped by a warp.
 */
async function joinStorageNode(operator: PublicKey): Promise<string> {
  const client = SynqClient.connect({ keypair: deployerKeypair(loadConfig(), undefined).keypair });
  const deadline = Date.now() + 120_000;
  let warped = false;
  for (;;) {
    const node = await client.registry.fetchNode(operator);
    if (node !== null && !node.commitment.size.isZero()) {
      log(`storage node ${nodeStatusName(node.status)}, committed ${node.commitment.size.toString()} bytes`);
      return client.registry.pda.node(operator).toBase58();
    }
    const position = await client.staking.fetchPosition(operator, operator);
    if (node === null && !warped && position !== null && !position.warming.amount.isZero()) {
      const wait = position.warming.activeAt.toNumber() - (await chainTime(client.connection));
      if (wait > 0 && (await canWarpClock(client.connection))) {
        log(`warping the localnet clock ${wait}s past the storage node's stake warm-up`);
        await warpClock(client.connection, wait + 1);
      }
      warped = true;
    }
    if (Date.now() > deadline) throw new Error("the storage node did not register and commit within 120 s (SYNQ_SERVICE_LOGS=1 shows its log)");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const services: Service[] = [
  {
    name: "localnet",
    async start() {
      const args = localnetArgs.includes("--rpc-port") || localnetArgs.some((a) => a.startsWith("--rpc-port="))
        ? localnetArgs
        : ["--rpc-port", "8899", ...localnetArgs];
      // The deployer (SYNQ_WALLET, else .synq/wallet.json) is the programs' upgrade authority, so
      // the deployment below, and nobody else, may initialise them.
      const ownAuthority = args.some((a) => a === "--upgrade-authority" || a.startsWith("--upgrade-authority="));
      const localnet = await startLocalnet({
        args,
        upgradeAuthority: ownAuthority ? undefined : deployerKeypair(loadConfig(), undefined).keypair.publicKey,
        onLog: logLocalnet ? (line) => console.error(`[localnet] ${line}`) : undefined,
      });
      // Everything started after this (the deploy, later services) talks to this localnet.
      process.env.SYNQ_RPC_URL = localnet.rpcUrl;
      process.env.SYNQ_WS_URL = localnet.wsUrl;
      return {
        endpoints: [
          ["localnet RPC", localnet.rpcUrl],
          ["localnet PubSub", localnet.wsUrl],
        ],
        exited: localnet.exited,
        stop: () => localnet.stop(),
      };
    },
  },
  {
    name: "deploy",
    async start() {
      const deployment = await deploy({ log: (line) => console.log(`[deploy] ${line}`) });
      const { programs, configs } = deployment;
      return {
        endpoints: [
          ["$SYNQ mint", deployment.mint.toBase58()],
          ["program registry", `${programs.registry.toBase58()} (config ${configs.registry.toBase58()})`],
          ["program staking", `${programs.staking.toBase58()} (config ${configs.staking.toBase58()})`],
          [
            "program payment_config",
            `${programs.paymentConfig.toBase58()} (config ${configs.paymentConfig.toBase58()}, treasury ${deployment.treasury.toBase58()})`,
          ],
          ["program governance", `${programs.governance.toBase58()} (config ${configs.governance.toBase58()})`],
          ["program runtime_probe", programs.runtimeProbe.toBase58()],
        ],
        // A one-shot step: nothing keeps running.
        exited: new Promise<never>(() => undefined),
        stop: async () => undefined,
      };
    },
  },
  {
    name: "indexer",
    start: () =>
      childService(
        "indexer",
        // The localnet's URLs reach it as SYNQ_RPC_URL / SYNQ_WS_URL (set above, inherited).
        [join("indexer", "src", "cli.ts"), "--port", port(4000), "--data-dir", join(".synq", "indexer-pg")],
        (line) => {
          const ready = jsonLine(line);
          if (ready?.event !== "ready" || typeof ready.graphqlUrl !== "string" || typeof ready.url !== "string") return undefined;
          graphqlUrl = ready.graphqlUrl;
          return [
            ["indexer GraphQL", ready.graphqlUrl],
            ["indexer health/metrics", `${ready.url}/health, ${ready.url}/metrics`],
            ["indexer database", process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL in .synq/indexer-pg"],
          ];
        },
      ),
  },
  {
    name: "dashboard",
    start: () =>
      childService(
        "dashboard",
        // The localnet's URLs reach it as SYNQ_RPC_URL / SYNQ_WS_URL, like the indexer's.
        [join("dashboard", "src", "cli.ts"), "--port", dashboardPort ?? port(7080), "--graphql-url", graphqlUrl ?? "http://127.0.0.1:4000/graphql"],
        (line) => {
          const ready = jsonLine(line);
          return ready?.event === "ready" && typeof ready.url === "string" ? [["dashboard", ready.url]] : undefined;
        },
      ),
  },
  {
    name: "storage-node",
    async start() {
      const operator = await fundStorageNodeOperator();
      const node = await childService(
        "storage-node",
        [
          join("storage-node", "src", "cli.ts"),
          "--data-dir", join(".synq", "storage-node"),
          "--resp-port", port(6380),
          "--http-port", port(7070),
          "--network",
          "--keypair", operator.path,
          "--stake", STORAGE_NODE_STAKE,
          "--chain-poll-ms", "1000",
          // Paid access: requests signed by a developer's wallet, metered and receipted.
          "--wallet-auth",
        ],
        (line) => {
          const ready = jsonLine(line);
          if (ready?.msg !== "storage node listening" || typeof ready.resp !== "string" || typeof ready.http !== "string") return undefined;
          return [
            ["storage node Redis", ready.resp],
            ["storage node HTTP", `${ready.http} (health ${ready.http}/health, metrics ${ready.http}/metrics)`],
          ];
        },
      );
      try {
        const joined = await joinStorageNode(operator.keypair.publicKey);
        return { ...node, endpoints: [...node.endpoints, ["storage node account", `${joined} (operator ${operator.keypair.publicKey.toBase58()}, ${operator.path})`]] };
      } catch (err) {
        await node.stop();
        throw err;
      }
    },
  },
];

async function main(): Promise<void> {
  const running: { name: string; service: RunningService }[] = [];
  let stopping = false;

  // A second signal while stopping changes nothing: the first stop finishes (each service
  // has its own grace period) and then exits.
  const stopAll = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const { name, service } of [...running].reverse()) {
      log(`stopping ${name}`);
      await service.stop().catch((err: unknown) => log(`${name} did not stop cleanly: ${String(err)}`));
    }
    log("stopped");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void stopAll(0));
  }

  const started = Date.now();
  for (const { name, start } of services) {
    const t = Date.now();
    log(`starting ${name} ...`);
    try {
      const service = await start();
      running.push({ name, service });
      void service.exited.then((how) => {
        if (stopping) return;
        log(`${name} exited unexpectedly (${String(how)}); stopping the rest`);
        void stopAll(1);
      });
    } catch (err) {
      log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      return stopAll(1);
    }
    log(`${name} up in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  }

  const rows = running.flatMap(({ service }) => service.endpoints);
  const width = Math.max(...rows.map(([label]) => label.length));
  log(`Synq network running (${((Date.now() - started) / 1000).toFixed(1)}s); Ctrl-C to stop`);
  for (const [label, address] of rows) console.log(`  ${label.padEnd(width)}  ${address}`);
}

void main();
