/**
 * The `synq` command (cli/) against the test localnet, as a user runs it: a separate process per
 * command, the SDK's config from the environment, `--keypair` for the wallet. Each command's
 * outcome is checked on chain or by hand from the chain's price table, its refusals name the
 * program's error, bad usage exits 2 and an unknown flag is never ignored.
 */
import { Keypair } from "@solana/web3.js";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chainTime, governancePda, proposalStateName, splitPayment, writeKeypair } from "@synq/sdk";

import { REPO_ROOT } from "../scripts/lib/localnet";
import { deployer, deployment, fundedKeypair, network, warpClock } from "./support";

const SYNQ = 1_000_000_000n;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

function synq(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, "cli", "bin", "synq.js"), ...args], { cwd: REPO_ROOT, env: process.env, timeout: 120_000 }, (err, stdout, stderr) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
      } catch {
        // text output
      }
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr, json });
    });
  });
}

describe("the synq command", function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "synq-cli-"));
  const wallet = join(dir, "developer.json");
  const from = join(dir, "deployer.json");
  const developer = Keypair.generate();
  let as: string[];

  let restore: () => Promise<void> = async () => undefined;

  before(async () => {
    await deployment();
    const authority = await deployer();
    writeKeypair(wallet, developer);
    writeKeypair(from, authority);
    as = ["--keypair", wallet];
    // The shared deployment as deployed, whatever earlier tests changed: votes are locked by the
    // governance program, and a node's status cooldown is long enough to refuse a quick pause.
    const client = network().client;
    const [staking, registry] = await Promise.all([client.staking.fetchConfig(), client.registry.fetchConfig()]);
    await client.send(
      [
        await client.staking.setParams(authority.publicKey, { governance: governancePda.authority() }),
        await client.registry.setParams(authority.publicKey, { challengeIntervalSlots: 150, responseWindowSlots: 75 }),
      ],
      { signers: [authority] },
    );
    restore = async () => {
      const { challengeIntervalSlots, responseWindowSlots } = registry;
      await client.send(
        [await client.staking.setParams(authority.publicKey, { governance: staking.governance }), await client.registry.setParams(authority.publicKey, { challengeIntervalSlots, responseWindowSlots })],
        { signers: [authority] },
      );
    };
  });

  after(async () => {
    await restore();
    rmSync(dir, { recursive: true, force: true });
  });

  it("explains itself, and refuses unknown commands, flags and arguments with exit code 2", async () => {
    const help = await synq(["--help"]);
    assert.equal(help.code, 0);
    for (const command of ["faucet", "balance", "credits buy", "credits show", "cost estimate", "usage", "stake", "unstake", "withdraw", "claim", "node status", "epoch status", "epoch advance", "epoch settle", "node register", "node update", "node pause", "node resume", "node deregister", "gov list", "gov show", "gov propose", "gov vote", "gov relinquish", "gov finalize", "gov execute"]) {
      assert.match(help.stdout, new RegExp(`\\n  ${command} `), command);
    }
    const commandHelp = await synq(["credits", "buy", "--help"]);
    assert.equal(commandHelp.code, 0);
    assert.match(commandHelp.stdout, /Usage: synq credits buy AMOUNT \[flags\][\s\S]*--tier[\s\S]*--json/);
    assert.equal((await synq(["credits", "sell", "1"])).code, 2);
    // A typo in a flag of the settlement job must not run it.
    const typo = await synq(["epoch", "settle", "--epoch", "0", "--dryrun"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown option '--dryrun'/);
    assert.equal((await synq(["credits", "buy", ...as])).code, 2, "AMOUNT is required");
    const bad = await synq(["credits", "buy", "1.0000000001", ...as]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /AMOUNT must be a positive \$SYNQ amount with at most 9 decimals/);
  });

  it("gets test tokens, buys credits and shows them, and estimates a cost from the on-chain table", async () => {
    const faucet = await synq(["faucet", "--sol", "2", "--synq", "2000", "--from", from, "--json", ...as]);
    assert.equal(faucet.code, 0, faucet.stderr);
    assert.equal(faucet.json.synq, (2000n * SYNQ).toString());
    const balance = await synq(["balance", "--json", ...as]);
    assert.deepEqual([balance.json.synq, balance.json.credits, balance.json.tier, balance.json.lamports], [(2000n * SYNQ).toString(), "0", "free", 2_000_000_000]);

    const config = await network().client.payments.fetchConfig();
    const buy = await synq(["credits", "buy", "10", "--tier", "premium", "--json", ...as]);
    assert.equal(buy.code, 0, buy.stderr);
    const parts = splitPayment(10n * SYNQ, config.feeSplit);
    assert.deepEqual([buy.json.burned, buy.json.toTreasury, buy.json.toOperators], [parts.burned, parts.toTreasury, parts.toRewards].map(String));
    const account = (await network().client.payments.fetchCreditAccount(developer.publicKey))!;
    assert.equal(account.balance.toString(), (10n * SYNQ * BigInt(config.creditRate.toString())).toString());
    const show = await synq(["credits", "show", "--json", ...as]);
    assert.deepEqual([show.json.tier, show.json.balance, show.json.channels], ["premium", account.balance.toString(), []]);
    assert.match((await synq(["credits", "show", ...as])).stdout, /\(premium\)\nbalance 10000000000, purchased 10000000000, consumed 0 credits/);

    // 5 GB for 2 months, 2M queries, 100k vectors on Standard, by hand from the chain's row.
    const row = config.prices.standard;
    const ceil = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
    const units =
      ceil(5n * 10n ** 9n * BigInt(row.storagePerGbMonth.toString()) * 2000n, 10n ** 9n * 1000n) +
      ceil(2_000_000n * BigInt(row.perMillionQueries.toString()), 1_000_000n) +
      ceil(100_000n * BigInt(row.perMillionVectors.toString()), 1_000_000n);
    const estimate = await synq(["cost", "estimate", "--storage-gb", "5", "--months", "2", "--queries", "2000000", "--vectors", "100000", "--json", ...as]);
    assert.equal(estimate.code, 0, estimate.stderr);
    assert.equal(estimate.json.baseUnits, units.toString());
    // Beyond the Free tier's quota nothing is sold: refused in words (exit 1, not a usage error).
    const free = await synq(["cost", "estimate", "--storage-gb", "5000", "--tier", "free", ...as]);
    assert.equal(free.code, 1);
    assert.match(free.stderr, /exceeds the Free tier's quota/);
  });

  it("stakes in a pool, is refused with the program's error until the warm-up ends, activates, proposes and votes, and unstakes", async () => {
    const client = network().client;
    const operator = await fundedKeypair();
    await client.send(await client.staking.createPool({ operator: operator.publicKey, commissionBps: 500 }), { signers: [operator] });
    const node = ["--node", operator.publicKey.toBase58()];
    // Over the proposal threshold (1,000 $SYNQ at deployment), to propose below.
    const stake = await synq(["stake", "1100", ...node, "--json", ...as]);
    assert.equal(stake.code, 0, stake.stderr);
    const early = await synq(["stake", "--activate", ...node, ...as]);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^synq stake: WarmupNotElapsed: /m);
    await warpClock(Number(stake.json.activeAt) - (await chainTime(client.connection)) + 1);
    const activate = await synq(["stake", "--activate", ...node, "--json", ...as]);
    assert.equal(activate.code, 0, activate.stderr);
    const position = (await client.staking.fetchPosition(operator.publicKey, developer.publicKey))!;
    assert.ok(!position.shares.isZero());

    // Governance with that stake: a change proposed by name, a vote, the live tally.
    const propose = await synq(["gov", "propose", "set-epoch-length", "--seconds", "7200", "--title", "Two-hour epochs", ...node, "--json", ...as]);
    assert.equal(propose.code, 0, propose.stderr);
    const id = String(propose.json.index);
    const stray = await synq(["gov", "propose", "set-epoch-length", "--seconds", "7200", "--burn", "5", "--title", "x", ...node, ...as]);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--burn is not a flag of set-epoch-length/);
    const vote = await synq(["gov", "vote", id, "yes", ...node, "--json", ...as]);
    assert.equal(vote.code, 0, vote.stderr);
    const proposal = await client.governance.fetchProposal(BigInt(id));
    assert.ok(!proposal.yesWeight.isZero());
    const show = await synq(["gov", "show", id, "--json", ...as]);
    assert.deepEqual([show.json.title, show.json.state, show.json.yes], ["Two-hour epochs", "voting", proposal.yesWeight.toString()]);
    assert.deepEqual((show.json.actions as { programId: string }[]).map((a) => a.programId), [client.programs.paymentConfig.programId.toBase58()], "one stored payment_config.set_params");
    assert.match((await synq(["gov", "list", ...as])).stdout, new RegExp(`#${id} voting +yes ${proposal.yesWeight.toString()} / no 0`));
    const twice = await synq(["gov", "vote", id, "no", ...node, ...as]);
    assert.equal(twice.code, 1, "one vote per position");
    assert.match(twice.stderr, /^synq gov vote: \w+/m);
    const notYet = await synq(["gov", "finalize", id, ...as]);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /^synq gov finalize: \w+: /m);
    // Stake with an open vote cannot unbond: the program says so; after the vote it can.
    const locked = await synq(["unstake", "--all", ...node, ...as]);
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /^synq unstake: OpenVotes: /m);
    await warpClock(proposal.votingEndsAt.toNumber() - (await chainTime(client.connection)) + 1);
    const finalize = await synq(["gov", "finalize", id, "--json", ...as]);
    assert.equal(finalize.code, 0, finalize.stderr);
    assert.equal(finalize.json.state, proposalStateName((await client.governance.fetchProposal(BigInt(id))).state));
    const relinquish = await synq(["gov", "relinquish", id, ...node, ...as]);
    assert.equal(relinquish.code, 0, relinquish.stderr);
    const unstake = await synq(["unstake", "--all", ...node, "--json", ...as]);
    assert.equal(unstake.code, 0, unstake.stderr);
    assert.equal(unstake.json.shares, position.shares.toString());
    const withdraw = await synq(["withdraw", ...node, ...as]);
    assert.equal(withdraw.code, 1, "unbonding takes time");
    assert.match(withdraw.stderr, /^synq withdraw: \w+: /m);
    const nobody = await synq(["stake", "1", "--node", Keypair.generate().publicKey.toBase58(), ...as]);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /neither a registered node nor an operator with a staking pool/);
  });

  it("shows the payment epoch, refuses to end it early, ends it when due and files its rewards", async () => {
    const client = network().client;
    const status = await synq(["epoch", "status", "--json", ...as]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json.epoch, (await client.payments.currentEpoch()).toString());
    const config = await client.payments.fetchConfig();
    assert.equal(status.json.burned, config.totalBurned.toString());
    // (Earlier tests' warps may have left it due: then it is ended first, and the next is fresh.)
    if (status.json.due === true) assert.equal((await synq(["epoch", "advance", ...as])).code, 0);
    const open = await synq(["epoch", "status", "--json", ...as]);
    assert.equal(open.json.due, false);
    const early = await synq(["epoch", "advance", ...as]);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^synq epoch advance: EpochNotOver: /m);
    await warpClock(Number(open.json.endsAt) - (await chainTime(client.connection)) + 1);
    // Once it is over anyone ends it, and the settlement job prints (and files) its rewards.
    const advance = await synq(["epoch", "advance", "--json", ...as]);
    assert.equal(advance.code, 0, advance.stderr);
    const ended = String(advance.json.ended);
    assert.equal(await client.payments.currentEpoch(), BigInt(ended) + 1n);
    assert.equal((await synq(["epoch", "settle", ...as])).code, 2, "--epoch is required");
    const dry = await synq(["epoch", "settle", "--epoch", ended, "--dry-run", "--out", dir, "--json", ...as]);
    assert.equal(dry.code, 0, dry.stderr);
    const written = JSON.parse(readFileSync(join(dir, `epoch-${ended}.json`), "utf8")) as { pool: string };
    assert.equal(written.pool, (await client.payments.fetchEpoch(BigInt(ended)))!.pool.toString());
    const missing = await synq(["node", "status", Keypair.generate().publicKey.toBase58(), ...as]);
    assert.equal(missing.code, 2);
  });

  it("takes an operator from a first stake to a registered node, updated and deregistered", async () => {
    const client = network().client;
    const key = Keypair.generate();
    const file = join(dir, "operator.json");
    writeKeypair(file, key);
    const op = ["--keypair", file];
    const minStake = BigInt((await client.registry.fetchConfig()).minStake.toString());
    const whole = minStake / SYNQ + 1n;
    assert.equal((await synq(["faucet", "--synq", whole.toString(), "--from", from, ...op])).code, 0);
    const stake = await synq(["stake", whole.toString(), "--node", key.publicKey.toBase58(), "--commission-bps", "700", "--json", ...op]);
    assert.equal(stake.code, 0, stake.stderr);
    assert.equal((await client.staking.fetchPool(key.publicKey))!.commissionBps, 700, "the first stake created the pool");
    await warpClock(Number(stake.json.activeAt) - (await chainTime(client.connection)) + 1);
    assert.equal((await synq(["stake", "--activate", "--node", key.publicKey.toBase58(), ...op])).code, 0);

    const noEndpoint = await synq(["node", "register", ...op]);
    assert.equal(noEndpoint.code, 2);
    const register = await synq(["node", "register", "--endpoint", "http://127.0.0.1:1", "--region", "826", "--capacity", "1000000", "--models", "kv,vectors", "--json", ...op]);
    assert.equal(register.code, 0, register.stderr);
    assert.equal(register.json.status, "Active");
    const node = (await client.registry.fetchNode(key.publicKey))!;
    assert.deepEqual([node.endpoint, node.region, node.capacityBytes.toString(), node.models], ["http://127.0.0.1:1", 826, "1000000", 1 | 4]);
    assert.equal((await synq(["node", "update", "--models", "kv,sql", ...op])).code, 2, "an unknown model");
    assert.equal((await synq(["node", "update", "--endpoint", "http://127.0.0.1:2", ...op])).code, 0);
    assert.equal((await client.registry.fetchNode(key.publicKey))!.endpoint, "http://127.0.0.1:2");
    const status = await synq(["node", "status", "--json", ...op]);
    assert.deepEqual([status.json.status, status.json.endpoint, status.json.stake], ["Active", "http://127.0.0.1:2", (whole * SYNQ).toString()]);
    // Pausing right after registering would let a node dodge the next challenge: refused by name.
    const pause = await synq(["node", "pause", ...op]);
    assert.equal(pause.code, 1);
    assert.match(pause.stderr, /^synq node pause: StatusCooldown: /m);
    // Still staked: cannot deregister; after unstaking it can.
    const staked = await synq(["node", "deregister", ...op]);
    assert.equal(staked.code, 1);
    assert.match(staked.stderr, /^synq node deregister: StillStaked: /m);
    assert.equal((await synq(["unstake", "--all", "--node", key.publicKey.toBase58(), ...op])).code, 0);
    const gone = await synq(["node", "deregister", "--json", ...op]);
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal(await client.registry.fetchNode(key.publicKey), null);
  });
});

