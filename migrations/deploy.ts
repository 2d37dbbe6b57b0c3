/**
 * Bootstraps the Synq protocol on a running cluster (synq-localnet or a validator):
 * creates the $SYNQ mint and initialises each program's config through the SDK, then writes
 * the deployment file (`.synq/deployment.json`) that clients read.
 *
 * Idempotent: a config that exists is left as it is, and the mint is taken from the chain
 * (existing configs) or the deployment file before a new one is created.
 *
 *   node -r ts-node/register/transpile-only migrations/deploy.ts
 *
 * Settings come from the SDK's config loader (SYNQ_RPC_URL / ANCHOR_PROVIDER_URL,
 * SYNQ_WALLET / ANCHOR_WALLET, SYNQ_DEPLOYMENT); without a wallet the deployer key is
 * `.synq/wallet.json`, created on first use.
 */
import { AuthorityType, MINT_SIZE, createMint, getMint, setAuthority } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, type Connection } from "@solana/web3.js";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

import {
  SynqClient,
  fetchUpgradeAuthority,
  loadConfig,
  programIds,
  readDeployment,
  readKeypair,
  toBn,
  writeDeployment,
  writeKeypair,
  type Deployment,
  type ProgramKey,
  type SynqConfig,
  type SynqConfigOptions,
} from "@synq/sdk";

export const SYNQ_DECIMALS = 9;
const SYNQ = 10n ** BigInt(SYNQ_DECIMALS);
const DAY = 24 * 60 * 60;

/** Protocol parameters set at initialisation (governance may change them later). */
export interface DeployParams {
  registry: { minStake: bigint; challengeIntervalSlots: number; responseWindowSlots: number };
  /** Unbonding period, and the warm-up before new stake earns or counts (docs/registry-staking.md). */
  staking: { cooldownSeconds: number; warmupSeconds: number };
  payments: {
    feeSplit: { operatorsBps: number; treasuryBps: number; burnBps: number };
    /** Credits per base unit of $SYNQ paid. */
    creditRate: bigint;
    /** The DESIGN.md price table, in $SYNQ base units (see PriceTable in the payment_config IDL). */
    prices: PriceTableParams;
    epochLengthSeconds: number;
    /** How long nodes may claim an epoch's rewards once it ended. */
    claimWindowSeconds: number;
    /** How long a node may still settle after a developer asks for a channel's deposit back. */
    channelCloseSeconds: number;
  };
  governance: {
    quorumBps: number;
    approvalThresholdBps: number;
    votingPeriodSeconds: number;
    timelockSeconds: number;
    proposalThreshold: bigint;
  };
}

interface TierParams {
  freeStorageBytes: bigint;
  freeQueries: bigint;
  freeVectors: bigint;
  storagePerGbMonth: bigint;
  perMillionQueries: bigint;
  perMillionVectors: bigint;
}
export interface PriceTableParams {
  free: TierParams;
  standard: TierParams;
  premium: TierParams;
}

const paidTier = (storage: bigint, queries: bigint, vectors: bigint): TierParams => ({
  freeStorageBytes: 0n,
  freeQueries: 0n,
  freeVectors: 0n,
  storagePerGbMonth: storage,
  perMillionQueries: queries,
  perMillionVectors: vectors,
});

/** DESIGN.md's default table: Free has quotas and no prices (nothing above quota is sold). */
export const DEFAULT_PRICES: PriceTableParams = {
  free: {
    freeStorageBytes: 500_000_000n,
    freeQueries: 1_000_000n,
    freeVectors: 100_000n,
    storagePerGbMonth: 0n,
    perMillionQueries: 0n,
    perMillionVectors: 0n,
  },
  standard: paidTier(SYNQ / 10n, SYNQ / 100n, SYNQ / 20n),
  premium: paidTier(SYNQ / 5n, SYNQ / 200n, SYNQ / 50n),
};

export const DEFAULT_PARAMS: DeployParams = {
  // 10k SYNQ to run a node; a challenge window of ~1 min with ~30 s to answer (400 ms slots).
  registry: { minStake: 10_000n * SYNQ, challengeIntervalSlots: 150, responseWindowSlots: 75 },
  // Warm-up: two payment epochs, so stake placed before a reward claim does not share it.
  staking: { cooldownSeconds: 7 * DAY, warmupSeconds: 2 * DAY },
  payments: {
    feeSplit: { operatorsBps: 7000, treasuryBps: 2000, burnBps: 1000 },
    // 1 credit per base unit: the price table's smallest price (0.005 SYNQ per 1M queries)
    // is 5 credits per query.
    creditRate: 1n,
    prices: DEFAULT_PRICES,
    epochLengthSeconds: DAY,
    claimWindowSeconds: 30 * DAY,
    channelCloseSeconds: DAY,
  },
  governance: {
    quorumBps: 400,
    approvalThresholdBps: 5000,
    votingPeriodSeconds: 3 * DAY,
    timelockSeconds: DAY,
    proposalThreshold: 1_000n * SYNQ,
  },
};

export interface DeployOptions {
  config?: SynqConfigOptions;
  /** Deployer: pays, and is mint authority and config authority. Default: configured wallet. */
  payer?: Keypair;
  params?: DeployParams;
  /** Progress lines. Default: console.log with a `[deploy]` prefix. */
  log?: (line: string) => void;
  /** Guardian of governance and payments (may only pause / cancel). Default: the deployer. */
  guardian?: PublicKey;
  /**
   * Hand every config authority (registry, staking, payment_config) to the governance
   * authority PDA: afterwards parameters change only through executed proposals. Default
   * false (`npm start` keeps the deployer as admin for development); `--handover` on the CLI.
   */
  handover?: boolean;
}

const tierArg = (t: TierParams) => ({
  freeStorageBytes: toBn(t.freeStorageBytes),
  freeQueries: toBn(t.freeQueries),
  freeVectors: toBn(t.freeVectors),
  storagePerGbMonth: toBn(t.storagePerGbMonth),
  perMillionQueries: toBn(t.perMillionQueries),
  perMillionVectors: toBn(t.perMillionVectors),
});
export const pricesArg = (p: PriceTableParams) => ({ free: tierArg(p.free), standard: tierArg(p.standard), premium: tierArg(p.premium) });

async function accountExists(connection: Connection, address: PublicKey): Promise<boolean> {
  return (await connection.getAccountInfo(address)) !== null;
}

/** The deployer: given, configured (SYNQ_WALLET / ANCHOR_WALLET), or `.synq/wallet.json`. */
export function deployerKeypair(config: SynqConfig, payer: Keypair | undefined): { keypair: Keypair; source: string } {
  if (payer !== undefined) return { keypair: payer, source: "given" };
  if (config.walletPath !== undefined) {
    return { keypair: readKeypair(config.walletPath), source: config.walletPath };
  }
  const path = join(dirname(config.deploymentPath), "wallet.json");
  if (existsSync(path)) return { keypair: readKeypair(path), source: path };
  const keypair = Keypair.generate();
  writeKeypair(path, keypair);
  return { keypair, source: `${path} (new)` };
}

async function ensureFunds(connection: Connection, who: PublicKey, log: (line: string) => void): Promise<void> {
  const balance = await connection.getBalance(who);
  if (balance >= 10 * LAMPORTS_PER_SOL) {
    log(`deployer balance ${balance / LAMPORTS_PER_SOL} SOL`);
    return;
  }
  const signature = await connection.requestAirdrop(who, 100 * LAMPORTS_PER_SOL);
  const latest = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  log(`airdropped 100 SOL to the deployer`);
}

/** The $SYNQ mint: from existing configs, else the deployment file, else a new one. */
async function ensureMint(
  client: SynqClient,
  config: SynqConfig,
  deployer: Keypair,
  log: (line: string) => void,
): Promise<PublicKey> {
  const { connection, programs, pda } = client;
  const staking = await programs.staking.account.stakeConfig.fetchNullable(pda.stakingConfig());
  const payments = await programs.paymentConfig.account.config.fetchNullable(pda.paymentConfig());
  const onChain = staking?.mint ?? payments?.mint;
  if (onChain !== undefined) {
    log(`mint ${onChain.toBase58()} (from the existing configs)`);
    return onChain;
  }
  const recorded = readDeployment(config.deploymentPath)?.mint;
  if (recorded !== undefined) {
    const info = await connection.getAccountInfo(recorded);
    if (info !== null && info.data.length === MINT_SIZE) {
      log(`mint ${recorded.toBase58()} (from ${config.deploymentPath})`);
      return recorded;
    }
  }
  const mint = await createMint(connection, deployer, deployer.publicKey, null, SYNQ_DECIMALS, undefined, {
    commitment: "confirmed",
  });
  const { decimals } = await getMint(connection, mint, "confirmed");
  log(`mint ${mint.toBase58()} created (${decimals} decimals, authority ${deployer.publicKey.toBase58()})`);
  return mint;
}

/**
 * Runs `init` unless the account at `address` exists. An existing config is verified with
 * `verify` first: a config someone else initialised (another authority, another mint) is an
 * error, never silently adopted.
 */
async function once(
  client: SynqClient,
  label: string,
  address: PublicKey,
  log: (line: string) => void,
  verify: () => Promise<void>,
  init: () => Promise<string>,
): Promise<void> {
  const started = Date.now();
  if (await accountExists(client.connection, address)) {
    await verify();
    log(`${label}: ${address.toBase58()} exists and is ours, skipped`);
    return;
  }
  const signature = await init();
  log(`${label}: ${address.toBase58()} initialised in ${Date.now() - started} ms (tx ${signature})`);
}

/** Refuses to go on when `program`'s upgrade authority is not the deployer (initialise would fail). */
async function checkUpgradeAuthority(client: SynqClient, program: ProgramKey, deployer: PublicKey): Promise<void> {
  const authority = await fetchUpgradeAuthority(client.connection, program);
  if (authority.kind === "key" && authority.key.equals(deployer)) return;
  const found = authority.kind === "key" ? authority.key.toBase58() : authority.kind === "none" ? "none (upgrades disabled)" : "missing (no ProgramData account)";
  throw new Error(
    `${program}: only the program's upgrade authority may initialise its config, and it is ${found}, not the deployer ` +
      `${deployer.toBase58()}. On synq-localnet start it with \`--upgrade-authority <deployer keypair or pubkey>\` ` +
      "(npm start does); on a validator deploy with the deployer as upgrade authority.",
  );
}

/** An existing config must be this deployment's: `authority` the deployer or the governance PDA. */
function expectOurs(client: SynqClient, label: string, authority: PublicKey, deployer: PublicKey): void {
  if (authority.equals(deployer) || authority.equals(client.pda.governanceAuthority())) return;
  throw new Error(`${label} exists with authority ${authority.toBase58()}: it was not created by this deployer (${deployer.toBase58()}); refusing to use or hand it over`);
}

function expectMint(label: string, actual: PublicKey, mint: PublicKey): void {
  if (!actual.equals(mint)) throw new Error(`${label} exists for mint ${actual.toBase58()}, not ${mint.toBase58()}: refusing to use it`);
}

export async function deploy(options: DeployOptions = {}): Promise<Deployment> {
  const log = options.log ?? ((line: string) => console.log(`[deploy] ${line}`));
  const params = options.params ?? DEFAULT_PARAMS;
  const config = loadConfig(options.config);
  const { keypair: deployer, source } = deployerKeypair(config, options.payer);
  const client = new SynqClient(SynqClient.provider(config, deployer));
  const { connection, programs, pda } = client;
  const authority = deployer.publicKey;
  log(`cluster ${config.rpcUrl}; deployer ${authority.toBase58()} (${source})`);

  const ids = programIds();
  for (const [key, id] of Object.entries(ids)) {
    const info = await connection.getAccountInfo(id);
    if (info === null || !info.executable) {
      throw new Error(`program ${key} (${id.toBase58()}) is not deployed on ${config.rpcUrl}`);
    }
  }

  await ensureFunds(connection, authority, log);
  const mint = await ensureMint(client, config, deployer, log);

  const p = params;
  const initialise = async (program: ProgramKey, build: () => Promise<string>): Promise<string> => {
    await checkUpgradeAuthority(client, program, authority);
    return build();
  };
  await once(
    client,
    "registry config",
    pda.registryConfig(),
    log,
    async () => expectOurs(client, "registry config", (await client.registry.fetchConfig()).authority, authority),
    () => initialise("registry", () => client.send(
      programs.registry.methods
        .initialize({
          minStake: toBn(p.registry.minStake),
          challengeIntervalSlots: toBn(p.registry.challengeIntervalSlots),
          responseWindowSlots: toBn(p.registry.responseWindowSlots),
        })
        .accountsPartial({ payer: authority, authority, programData: pda.programData("registry"), config: pda.registryConfig() }),
    )),
  );
  await once(
    client,
    "staking config",
    pda.stakingConfig(),
    log,
    async () => {
      const existing = await client.staking.fetchConfig();
      expectOurs(client, "staking config", existing.authority, authority);
      expectMint("staking config", existing.mint, mint);
    },
    () => initialise("staking", () => client.send(
      programs.staking.methods
        .initialize({ cooldownSeconds: toBn(p.staking.cooldownSeconds), warmupSeconds: toBn(p.staking.warmupSeconds), slasher: pda.slasher() })
        .accountsPartial({ payer: authority, authority, programData: pda.programData("staking"), mint, config: pda.stakingConfig() }),
    )),
  );
  await once(
    client,
    "payment config",
    pda.paymentConfig(),
    log,
    async () => {
      const existing = await client.payments.fetchConfig();
      expectOurs(client, "payment config", existing.authority, authority);
      expectMint("payment config", existing.mint, mint);
    },
    () => initialise("paymentConfig", () => client.send(
      programs.paymentConfig.methods
        .initialize({
          feeSplit: p.payments.feeSplit,
          creditRate: toBn(p.payments.creditRate),
          prices: pricesArg(p.payments.prices),
          epochLengthSeconds: toBn(p.payments.epochLengthSeconds),
          claimWindowSeconds: toBn(p.payments.claimWindowSeconds),
          channelCloseSeconds: toBn(p.payments.channelCloseSeconds),
          guardian: options.guardian ?? authority,
        })
        .accountsPartial({
          payer: authority,
          authority,
          programData: pda.programData("paymentConfig"),
          mint,
          config: pda.paymentConfig(),
          treasury: pda.treasury(),
          rewardVault: client.payments.pda.rewardVault(),
          epoch: client.payments.pda.epoch(0),
        }),
    )),
  );
  await once(
    client,
    "governance config",
    pda.governanceConfig(),
    log,
    async () => {
      // Governance's config always names its own PDA; whoever initialised it chose the guardian.
      const existing = await programs.governance.account.governanceConfig.fetch(pda.governanceConfig());
      const guardian = options.guardian ?? authority;
      if (!existing.guardian.equals(guardian)) {
        throw new Error(`governance config exists with guardian ${existing.guardian.toBase58()}, not ${guardian.toBase58()}: it was not created by this deployment; refusing to use it`);
      }
    },
    () => initialise("governance", () => client.send(
      programs.governance.methods
        .initialize({
          guardian: options.guardian ?? authority,
          quorumBps: p.governance.quorumBps,
          approvalThresholdBps: p.governance.approvalThresholdBps,
          votingPeriodSeconds: toBn(p.governance.votingPeriodSeconds),
          timelockSeconds: toBn(p.governance.timelockSeconds),
          proposalThreshold: toBn(p.governance.proposalThreshold),
        })
        .accountsPartial({
          payer: authority,
          authority,
          programData: pda.programData("governance"),
          config: pda.governanceConfig(),
          governanceAuthority: pda.governanceAuthority(),
        }),
    )),
  );

  await bootstrapGovernance(client, deployer, options.handover ?? false, log);
  if (options.handover) await handOverMint(client, deployer, mint, log);

  const deployment: Deployment = {
    rpcUrl: config.rpcUrl,
    mint,
    authority,
    programs: ids,
    configs: {
      registry: pda.registryConfig(),
      staking: pda.stakingConfig(),
      paymentConfig: pda.paymentConfig(),
      governance: pda.governanceConfig(),
    },
    treasury: pda.treasury(),
    slasher: pda.slasher(),
    governanceAuthority: pda.governanceAuthority(),
  };
  writeDeployment(config.deploymentPath, deployment);
  log(`wrote ${config.deploymentPath}`);
  return deployment;
}

/** The governable programs, their config accounts and how to read their authority. */
const GOVERNED = ["registry", "staking", "paymentConfig"] as const;

async function configAuthority(client: SynqClient, program: (typeof GOVERNED)[number]): Promise<PublicKey> {
  switch (program) {
    case "registry":
      return (await client.registry.fetchConfig()).authority;
    case "staking":
      return (await client.staking.fetchConfig()).authority;
    case "paymentConfig":
      return (await client.payments.fetchConfig()).authority;
  }
}

/**
 * Staking's vote locker is the governance PDA (so votes can lock positions), set while the
 * deployer still holds staking. With `handover`, every config authority then moves to the
 * governance PDA. Both steps are idempotent.
 */
async function bootstrapGovernance(client: SynqClient, deployer: Keypair, handover: boolean, log: (line: string) => void): Promise<void> {
  const governancePda = client.pda.governanceAuthority();
  const stakeConfig = await client.staking.fetchConfig();
  if (!stakeConfig.governance.equals(governancePda) && stakeConfig.authority.equals(deployer.publicKey)) {
    await client.send(await client.staking.setParams(deployer.publicKey, { governance: governancePda }));
    log(`staking vote locker: governance authority ${governancePda.toBase58()}`);
  }
  if (!handover) return;
  for (const program of GOVERNED) {
    const current = await configAuthority(client, program);
    if (current.equals(governancePda)) {
      log(`${program} authority: already governance`);
      continue;
    }
    if (!current.equals(deployer.publicKey)) {
      throw new Error(`${program} authority is ${current.toBase58()}, not the deployer: cannot hand it over`);
    }
    await client.send(await client.governance.setParamsInstruction(program, deployer.publicKey, { authority: governancePda }));
    log(`${program} authority handed over to governance ${governancePda.toBase58()}`);
  }
}

/**
 * The $SYNQ mint authority moves to the governance PDA with the configs: from then on new
 * supply needs a passed proposal (an spl-token MintTo it signs), never the deployer's key.
 */
async function handOverMint(client: SynqClient, deployer: Keypair, mint: PublicKey, log: (line: string) => void): Promise<void> {
  const governancePda = client.pda.governanceAuthority();
  const { mintAuthority } = await getMint(client.connection, mint, "confirmed");
  if (mintAuthority?.equals(governancePda)) {
    log("mint authority: already governance");
    return;
  }
  if (mintAuthority === null || !mintAuthority.equals(deployer.publicKey)) {
    throw new Error(`mint authority is ${mintAuthority?.toBase58() ?? "none"}, not the deployer: cannot hand it over`);
  }
  await setAuthority(client.connection, deployer, mint, deployer, AuthorityType.MintTokens, governancePda, [], { commitment: "confirmed" });
  log(`mint authority handed over to governance ${governancePda.toBase58()}`);
}

if (require.main === module) {
  deploy({ handover: process.argv.includes("--handover") }).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`[deploy] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
