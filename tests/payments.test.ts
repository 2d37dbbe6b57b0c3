/**
 * payment_config over localnet: credits, the Ed25519 payment channel, pause, epochs, merkle
 * reward claims into staking pools, clawback, and a two-epoch scenario that accounts for every
 * token. Runs in order against the shared deployment (the deployer is the config authority,
 * guardian and settlement authority); epochs are an hour (the shortest allowed), waited out by clock warps.
 */
import { BN } from "@coral-xyz/anchor";
import { getMint } from "@solana/spl-token";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";

import {
  StorageTree,
  epochRewards,
  epochStateName,
  estimateCost,
  registryPda,
  rewardShare,
  settleEpoch,
  signReceipt,
  splitPayment,
  stakingPda,
  tierName,
  usageWeight,
  verifyReceipt,
  type SignedReceipt,
  type SynqClient,
} from "@synq/sdk";

import {
  activateStakes,
  deployer,
  deployment,
  expectAnchorError,
  expectTxError,
  fundedKeypair,
  network,
  synqWallet,
  type SynqWallet,
  tokenBalance,
  waitSlots,
  warpClock,
  warpTo,
} from "./support";

const SYNQ = 1_000_000_000n;
const STATUS_COOLDOWN_SLOTS = 5;
const U64_MAX = (1n << 64n) - 1n;
// The shortest epoch the program accepts; a week to claim, so the clock warps that wait out a
// stake's warm-up (two days) never close a window a test still uses.
const EPOCH_SECONDS = 3_600;
const CLAIM_WINDOW_SECONDS = 7 * 86_400;

/** The config's lifetime totals (u128 on chain). */
function lifetimeTotals(config: { totalPaid: { toString(): string }; totalBurned: { toString(): string }; totalToTreasury: { toString(): string }; totalToRewards: { toString(): string } }) {
  return { paid: BigInt(config.totalPaid.toString()), burned: BigInt(config.totalBurned.toString()), toTreasury: BigInt(config.totalToTreasury.toString()), toRewards: BigInt(config.totalToRewards.toString()) };
}

describe("payment_config over localnet", () => {
  let client: SynqClient;
  let admin: Keypair;
  let mint: PublicKey;

  const send = async (ix: Promise<TransactionInstruction> | TransactionInstruction, ...signers: Keypair[]) =>
    client.send(await ix, { signers });
  const sendAll = async (ixs: Promise<TransactionInstruction[]>, ...signers: Keypair[]) =>
    client.send(await ixs, { signers });

  /**
   * An operator with a staking pool (10% commission), its own stake, and a registered node
   * that has committed storage (only such a node earns); `commit: false` leaves it uncommitted.
   */
  async function operatorNode(options: { commit?: boolean } = {}): Promise<SynqWallet & { node: PublicKey }> {
    const op = await synqWallet(20n * SYNQ);
    await send(client.staking.createPool({ operator: op.pubkey, commissionBps: 1000 }), op.key);
    await send(client.staking.stake({ owner: op.pubkey, operator: op.pubkey, ownerTokens: op.tokens, amount: 10n * SYNQ }), op.key);
    await activateStakes(client, [{ owner: op.pubkey, operator: op.pubkey }]);
    await send(client.registry.registerNode(op.pubkey, { endpoint: "https://node.example", region: 1, capacityBytes: 1n << 30n, models: 0b1111 }), op.key);
    if (options.commit ?? true) {
      const storage = new StorageTree(Buffer.from(`data of ${op.pubkey.toBase58()}`));
      await send(client.registry.commitStorage(op.pubkey, storage.root, storage.size), op.key);
    }
    return { ...op, node: registryPda.node(op.pubkey) };
  }

  const buy = (who: SynqWallet, amount: bigint, tier: "standard" | "premium" = "standard") =>
    send(client.payments.buyCredits({ buyer: who.pubkey, buyerTokens: who.tokens, amount, tier }), who.key);

  /** The developer locks `credits` of its balance for the node (receipts are paid from it). */
  const fund = (dev: SynqWallet, node: { node: PublicKey }, credits: bigint) =>
    send(client.payments.fundChannel({ owner: dev.pubkey, node: node.node, amount: credits }), dev.key);

  const settle = (operator: SynqWallet, receipt: SignedReceipt) =>
    sendAll(client.payments.settleUsage({ operator: operator.pubkey, receipt }), operator.key);

  async function waitForEpochEnd(): Promise<void> {
    const epoch = (await client.payments.fetchEpoch(await client.payments.currentEpoch()))!;
    await warpTo(epoch.startedAt.toNumber() + EPOCH_SECONDS + 1);
  }

  /** Ends the open epoch (waiting out its length) and returns its number. */
  async function endEpoch(): Promise<bigint> {
    const current = await client.payments.currentEpoch();
    await waitForEpochEnd();
    await send(client.payments.advanceEpoch(admin.publicKey, current), admin);
    return current;
  }

  before(async () => {
    client = network().client;
    ({ mint } = await deployment());
    admin = await deployer();
    // A short challenge interval and window keep the operator status cooldown (their sum) short.
    await send(client.registry.setParams(admin.publicKey, { minStake: 10n * SYNQ, challengeIntervalSlots: 1, responseWindowSlots: STATUS_COOLDOWN_SLOTS - 1 }), admin);
    await send(client.payments.setParams(admin.publicKey, { epochLengthSeconds: EPOCH_SECONDS, claimWindowSeconds: CLAIM_WINDOW_SECONDS }), admin);
  });

  describe("configuration", () => {
    it("was initialised by the deploy with the design's split, price table and epoch 0", async () => {
      const config = await client.payments.fetchConfig();
      assert.deepEqual(config.feeSplit, { operatorsBps: 7000, treasuryBps: 2000, burnBps: 1000 });
      assert.equal(config.prices.standard.storagePerGbMonth.toString(), (SYNQ / 10n).toString());
      assert.equal(config.prices.premium.perMillionQueries.toString(), (SYNQ / 200n).toString());
      assert.equal(config.prices.free.freeQueries.toString(), "1000000");
      assert.ok(config.treasury.equals(client.payments.pda.treasury()));
      assert.ok(config.rewardVault.equals(client.payments.pda.rewardVault()));
      const epoch0 = await client.payments.fetchEpoch(0);
      assert.ok(epoch0 !== null);
      assert.equal(epoch0.number.toNumber(), 0);
    });

    it("refuses a fee split that does not sum to 100%, a zero rate and a stranger", async () => {
      await expectAnchorError(
        send(client.payments.setParams(admin.publicKey, { feeSplit: { operatorsBps: 7000, treasuryBps: 2000, burnBps: 1001 } }), admin),
        "InvalidFeeSplit",
      );
      await expectAnchorError(send(client.payments.setParams(admin.publicKey, { creditRate: 0 }), admin), "InvalidCreditRate");
      // Periods the protocol cannot run on: epochs of seconds or months, claim windows of
      // minutes or forever.
      for (const [change, error] of [
        [{ epochLengthSeconds: 0 }, "InvalidEpochLength"],
        [{ epochLengthSeconds: 3_599 }, "InvalidEpochLength"],
        [{ epochLengthSeconds: 30 * 86_400 + 1 }, "InvalidEpochLength"],
        [{ claimWindowSeconds: 86_399 }, "InvalidClaimWindow"],
        [{ claimWindowSeconds: 365 * 86_400 + 1 }, "InvalidClaimWindow"],
      ] as const) {
        await expectAnchorError(send(client.payments.setParams(admin.publicKey, change), admin), error);
      }
      const stranger = await fundedKeypair();
      await expectAnchorError(send(client.payments.setParams(stranger.publicKey, { creditRate: 2 }), stranger), "ConstraintHasOne");
      assert.equal((await client.payments.fetchConfig()).creditRate.toString(), "1");
    });

    it("refuses a second initialize", async () => {
      const config = await client.payments.fetchConfig();
      const ix = client.programs.paymentConfig.methods
        .initialize({
          feeSplit: config.feeSplit,
          creditRate: new BN(1),
          prices: config.prices,
          epochLengthSeconds: new BN(1),
          claimWindowSeconds: new BN(86_400),
          channelCloseSeconds: new BN(86_400),
          guardian: admin.publicKey,
        })
        .accountsPartial({
          payer: admin.publicKey,
          authority: admin.publicKey,
          mint,
          config: client.payments.pda.config(),
          treasury: client.payments.pda.treasury(),
          rewardVault: client.payments.pda.rewardVault(),
          epoch: client.payments.pda.epoch(0),
        })
        .instruction();
      await expectTxError(send(ix, admin), 0); // system program: account already in use
    });

    it("estimates costs from the on-chain price table", async () => {
      const { prices, creditRate } = await client.payments.fetchConfig();
      // 2 GB for a month, 3M queries, 1M vectors on Standard: 0.2 + 0.03 + 0.05 SYNQ.
      const standard = estimateCost(prices, creditRate, "standard", { storageBytes: 2_000_000_000, queries: 3_000_000, vectors: 1_000_000 });
      assert.equal(standard.baseUnits, (2n * SYNQ) / 10n + (3n * SYNQ) / 100n + SYNQ / 20n);
      assert.equal(standard.credits, standard.baseUnits);
      // Premium queries cost half: 1 query costs 5 base units, rounded up.
      assert.equal(estimateCost(prices, creditRate, "premium", { queries: 1 }).baseUnits, 5n);
      assert.equal(estimateCost(prices, creditRate, "free", { queries: 1_000_000, vectors: 100_000 }).baseUnits, 0n);
      assert.throws(() => estimateCost(prices, creditRate, "free", { queries: 1_000_001 }), /Free tier's quota/);
    });
  });

  describe("buy_credits", () => {
    it("splits a payment: 70% held in escrow for the operators, 20% to the treasury, 10% burned", async () => {
      const dev = await synqWallet(100n * SYNQ);
      const epochNumber = await client.payments.currentEpoch();
      const before = {
        supply: (await getMint(network().connection, mint, "confirmed")).supply,
        treasury: await tokenBalance(client.payments.pda.treasury()),
        vault: await tokenBalance(client.payments.pda.rewardVault()),
        pool: BigInt((await client.payments.fetchEpoch(epochNumber))!.pool.toString()),
        totals: lifetimeTotals(await client.payments.fetchConfig()),
      };
      const amount = 12_345_678_901n;
      await buy(dev, amount, "premium");
      const parts = splitPayment(amount, (await client.payments.fetchConfig()).feeSplit);
      assert.equal(parts.burned, 1_234_567_890n);
      assert.equal(parts.toTreasury, 2_469_135_780n);
      assert.equal(parts.burned + parts.toTreasury + parts.toRewards, amount);
      assert.equal(await tokenBalance(dev.tokens), 100n * SYNQ - amount);
      assert.equal((await getMint(network().connection, mint, "confirmed")).supply, before.supply - parts.burned);
      assert.equal(await tokenBalance(client.payments.pda.treasury()), before.treasury + parts.toTreasury);
      assert.equal(await tokenBalance(client.payments.pda.rewardVault()), before.vault + parts.toRewards);
      // The config's lifetime totals count it (they were never written before: config was read-only).
      const totals = lifetimeTotals(await client.payments.fetchConfig());
      assert.deepEqual(
        [totals.paid - before.totals.paid, totals.burned - before.totals.burned, totals.toTreasury - before.totals.toTreasury, totals.toRewards - before.totals.toRewards],
        [amount, parts.burned, parts.toTreasury, parts.toRewards],
      );
      // A purchase funds no epoch: the operators' share waits in the account's escrow until the
      // credits are consumed.
      const epoch = (await client.payments.fetchEpoch(epochNumber))!;
      assert.equal(BigInt(epoch.pool.toString()), before.pool);
      const credits = (await client.payments.fetchCreditAccount(dev.pubkey))!;
      assert.equal(BigInt(credits.escrow.toString()), parts.toRewards);
      assert.ok(credits.owner.equals(dev.pubkey));
      assert.equal(tierName(credits.tier), "premium");
      assert.equal(credits.balance.toString(), amount.toString());
      assert.equal(credits.purchased.toString(), amount.toString());

      await buy(dev, 1n, "standard"); // a second purchase adds up and moves the tier
      const after = (await client.payments.fetchCreditAccount(dev.pubkey))!;
      assert.equal(after.balance.toString(), (amount + 1n).toString());
      assert.equal(tierName(after.tier), "standard");
    });

    it("refuses zero, the Free tier, more than the buyer holds, and credits that overflow u64", async () => {
      const dev = await synqWallet(10n * SYNQ);
      await expectAnchorError(buy(dev, 0n), "ZeroAmount");
      const free = client.programs.paymentConfig.methods
        .buyCredits(new BN(1), { free: {} })
        .accountsPartial({
          buyer: dev.pubkey,
          creditAccount: client.payments.pda.creditAccount(dev.pubkey),
          buyerTokens: dev.tokens,
          mint,
          treasury: client.payments.pda.treasury(),
          rewardVault: client.payments.pda.rewardVault(),
        })
        .instruction();
      await expectAnchorError(send(free, dev.key), "InvalidTier");
      await expectTxError(buy(dev, 11n * SYNQ), 1); // SPL Token: insufficient funds
      // amount * rate > u64::MAX
      await send(client.payments.setParams(admin.publicKey, { creditRate: U64_MAX / 2n }), admin);
      try {
        await expectAnchorError(buy(dev, 3n), "Overflow");
      } finally {
        await send(client.payments.setParams(admin.publicKey, { creditRate: 1 }), admin);
      }
      assert.equal(await tokenBalance(dev.tokens), 10n * SYNQ, "a failed purchase moves nothing");
      assert.equal(await client.payments.fetchCreditAccount(dev.pubkey), null);
    });

    it("refuses another wallet's token account", async () => {
      const dev = await synqWallet(0n);
      const victim = await synqWallet(5n * SYNQ);
      await expectAnchorError(
        send(client.payments.buyCredits({ buyer: dev.pubkey, buyerTokens: victim.tokens, amount: SYNQ }), dev.key),
        "ConstraintTokenOwner",
      );
      assert.equal(await tokenBalance(victim.tokens), 5n * SYNQ);
    });
  });

  describe("settle_usage (the payment channel)", () => {
    let dev: SynqWallet;
    let nodeA: SynqWallet & { node: PublicKey };
    let nodeB: SynqWallet & { node: PublicKey };
    let creditAccount: PublicKey;

    before(async () => {
      dev = await synqWallet(10n * SYNQ);
      await buy(dev, 1_000_000n);
      creditAccount = client.payments.pda.creditAccount(dev.pubkey);
      nodeA = await operatorNode();
      nodeB = await operatorNode();
      await fund(dev, nodeA, 500_000n);
      await fund(dev, nodeB, 100_000n);
    });

    it("deducts only the delta over the last settled receipt and books it as the node's usage", async () => {
      const epoch = await client.payments.currentEpoch();
      const first = signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 1_000n, nonce: 1n });
      assert.ok(verifyReceipt(first));
      await settle(nodeA, first);
      const before = (await client.payments.fetchChannel(creditAccount, nodeA.node))!;
      const escrowBefore = BigInt(before.escrow.toString());
      assert.equal(before.deposit.toNumber(), 499_000);
      const poolBefore = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
      await settle(nodeA, signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 1_500n, nonce: 2n }));
      const credits = (await client.payments.fetchCreditAccount(dev.pubkey))!;
      assert.equal(credits.balance.toNumber(), 1_000_000 - 600_000, "settlements draw on the channels' deposits, not the balance");
      // 500 of the channel's 499,000 credits consumed: that share of its escrow moves into the pool.
      const released = (escrowBefore * 500n) / 499_000n;
      const channel = (await client.payments.fetchChannel(creditAccount, nodeA.node))!;
      assert.equal(BigInt(channel.escrow.toString()), escrowBefore - released);
      assert.equal(channel.deposit.toNumber(), 498_500);
      assert.equal(BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString()), poolBefore + released);
      assert.equal(credits.consumed.toNumber(), 1_500);
      assert.equal(channel.settledCredits.toNumber(), 1_500);
      assert.equal(channel.nonce.toNumber(), 2);
      const usage = (await client.payments.usageOf(epoch)).find((u) => u.account.node.equals(nodeA.node));
      assert.ok(usage, "the node's usage account of the epoch exists");
      assert.ok(usage.account.credits.toNumber() >= 1_500);
      assert.equal(usage.account.qosBps, (await client.registry.fetchNode(nodeA.pubkey))!.qosBps);
    });

    it("refuses a replayed receipt and a lower cumulative amount", async () => {
      const channel = (await client.payments.fetchChannel(creditAccount, nodeA.node))!;
      const last = BigInt(channel.settledCredits.toString());
      const nonce = BigInt(channel.nonce.toString());
      await expectAnchorError(settle(nodeA, signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: last + 10n, nonce })), "ReceiptReplayed");
      await expectAnchorError(settle(nodeA, signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: last - 1n, nonce: nonce + 1n })), "CumulativeDecreased");
      const after = (await client.payments.fetchChannel(creditAccount, nodeA.node))!;
      assert.equal(after.settledCredits.toString(), last.toString());
    });

    it("refuses a receipt signed by someone else, a forged signature, a receipt for another node or another deployment", async () => {
      const mallory = Keypair.generate();
      const bySomeoneElse = signReceipt(mallory, { mint, node: nodeA.node, creditAccount, cumulativeCredits: 900_000n, nonce: 100n });
      await expectAnchorError(settle(nodeA, bySomeoneElse), "ReceiptSignerMismatch");

      const genuine = signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 2_000n, nonce: 50n });
      const forged: SignedReceipt = { ...genuine, cumulativeCredits: 900_000n };
      assert.equal(verifyReceipt(forged), false);
      // The Ed25519 precompile (instruction 0) rejects the signature before settle_usage runs.
      await expectTxError(settle(nodeA, forged), 2); // PrecompileError::InvalidSignature

      // Node B submits node A's receipt: the genuine signature, over a message naming node A.
      const forA = signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 3_000n, nonce: 60n });
      const [genuineVerify] = await client.payments.settleUsage({ operator: nodeA.pubkey, receipt: forA });
      const [, settleAsB] = await client.payments.settleUsage({ operator: nodeB.pubkey, receipt: { ...forA, node: nodeB.node } });
      await expectAnchorError(client.send([genuineVerify, settleAsB], { signers: [nodeB.key] }), "ReceiptMessageMismatch");

      // A receipt the developer signed for another deployment (another $SYNQ mint, e.g. devnet
      // under the same program ids): a genuine signature, but not over this deployment's message.
      const elsewhere = signReceipt(dev.key, { mint: Keypair.generate().publicKey, node: nodeA.node, cumulativeCredits: 4_000n, nonce: 61n });
      assert.ok(verifyReceipt(elsewhere));
      await expectAnchorError(settle(nodeA, elsewhere), "ReceiptMessageMismatch");
      assert.equal((await client.payments.fetchCreditAccount(dev.pubkey))!.consumed.toNumber(), 1_500);
    });

    it("refuses settle_usage without the Ed25519 instruction and a node of another operator", async () => {
      const receipt = signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 2_000n, nonce: 70n });
      const [, settleIx] = await client.payments.settleUsage({ operator: nodeA.pubkey, receipt });
      await expectAnchorError(client.send([settleIx], { signers: [nodeA.key] }), "MissingReceiptSignature");
      // Operator B signs, naming node A's account: the node PDA does not derive from B.
      const [verify, asB] = await client.payments.settleUsage({ operator: nodeB.pubkey, receipt });
      await expectAnchorError(client.send([verify, asB], { signers: [nodeB.key] }), "ConstraintSeeds");
    });

    it("refuses a receipt above the channel's deposit, a deposit above the balance, and handles u64-limit amounts", async () => {
      const small = await synqWallet(SYNQ);
      await buy(small, 100n);
      await expectAnchorError(fund(small, nodeB, 101n), "InsufficientCredits");
      await fund(small, nodeB, 100n);
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 101n, nonce: 1n })), "ChannelUnderfunded");
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: U64_MAX, nonce: U64_MAX })), "ChannelUnderfunded");
      await settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 100n, nonce: U64_MAX }));
      assert.equal((await client.payments.fetchChannel(client.payments.pda.creditAccount(small.pubkey), nodeB.node))!.deposit.toNumber(), 0);
      // No nonce is above u64::MAX: the channel takes no further receipts.
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 99n, nonce: U64_MAX })), "ReceiptReplayed");
    });
  });

  describe("channels lock credits per node", () => {
    // The review's attack: receipts were paid from the shared balance, so a developer (or a node
    // colluding with one) could settle a receipt for the whole balance first and leave the
    // nodes that had already served with nothing.
    it("two nodes served one developer: both get paid whatever order they settle in", async () => {
      const dev = await synqWallet(SYNQ);
      await buy(dev, 1_000n);
      const [a, b, colluder] = [await operatorNode(), await operatorNode(), await operatorNode()];
      await fund(dev, a, 600n);
      await fund(dev, b, 400n);
      // Everything is promised: the colluder gets no deposit, and its receipt for the whole
      // balance has no channel to be paid from.
      await expectAnchorError(fund(dev, colluder, 1n), "InsufficientCredits");
      await expectTxError(settle(colluder, signReceipt(dev.key, { mint, node: colluder.node, cumulativeCredits: 1_000n, nonce: 1n })), 3012); // AccountNotInitialized
      // The developer asks for A's deposit back at once: A still settles inside the window.
      await send(client.payments.closeChannel({ owner: dev.pubkey, node: a.node, close: "request" }), dev.key);
      await expectAnchorError(send(client.payments.closeChannel({ owner: dev.pubkey, node: a.node, close: "withdraw" }), dev.key), "SettlementWindowOpen");
      // B first, then A: both are paid in full.
      await settle(b, signReceipt(dev.key, { mint, node: b.node, cumulativeCredits: 400n, nonce: 1n }));
      await settle(a, signReceipt(dev.key, { mint, node: a.node, cumulativeCredits: 550n, nonce: 1n }));
      const creditAccount = client.payments.pda.creditAccount(dev.pubkey);
      const channelOf = async (op: { node: PublicKey }) => (await client.payments.fetchChannel(creditAccount, op.node))!;
      assert.deepEqual([(await channelOf(a)).settledCredits.toNumber(), (await channelOf(b)).settledCredits.toNumber()], [550, 400]);
      // After the window the unused 50 come back to the balance, and the channel pays no more.
      await warpClock(Number((await client.payments.fetchConfig()).channelCloseSeconds));
      await send(client.payments.closeChannel({ owner: dev.pubkey, node: a.node, close: "withdraw" }), dev.key);
      const account = (await client.payments.fetchCreditAccount(dev.pubkey))!;
      assert.deepEqual([account.balance.toNumber(), account.consumed.toNumber()], [50, 950]);
      await expectAnchorError(settle(a, signReceipt(dev.key, { mint, node: a.node, cumulativeCredits: 600n, nonce: 2n })), "ChannelUnderfunded");
    });
  });

  describe("only staked, committed, Active nodes earn", () => {
    it("refuses to settle for a node that never committed, paused, or unstaked below the minimum", async () => {
      const dev = await synqWallet(5n * SYNQ);
      await buy(dev, SYNQ);
      let nonce = 1n;
      const receiptFor = (node: SynqWallet & { node: PublicKey }) => signReceipt(dev.key, { mint, node: node.node, cumulativeCredits: 10n, nonce: nonce++ });

      const uncommitted = await operatorNode({ commit: false });
      await fund(dev, uncommitted, 10n);
      await expectAnchorError(settle(uncommitted, receiptFor(uncommitted)), "NodeUncommitted");

      const paused = await operatorNode();
      await waitSlots(STATUS_COOLDOWN_SLOTS);
      await send(client.registry.setStatus(paused.pubkey, paused.pubkey, "Paused"), paused.key);
      await fund(dev, paused, 10n);
      await expectAnchorError(settle(paused, receiptFor(paused)), "NodeNotActive");

      const unstaked = await operatorNode();
      const position = (await client.staking.fetchPosition(unstaked.pubkey, unstaked.pubkey))!;
      await send(client.staking.requestUnstake({ owner: unstaked.pubkey, operator: unstaked.pubkey, shares: BigInt(position.shares.toString()) }), unstaked.key);
      await fund(dev, unstaked, 10n);
      await expectAnchorError(settle(unstaked, receiptFor(unstaked)), "NodeUnderstaked");

      // None of them took anything; an earning node settles the same receipt kind.
      assert.equal(BigInt((await client.payments.fetchCreditAccount(dev.pubkey))!.balance.toString()) > 0n, true);
      const honest = await operatorNode();
      await fund(dev, honest, 10n);
      await settle(honest, receiptFor(honest));
    });
  });

  describe("pause / unpause", () => {
    it("lets only the guardian or authority pause, and refuses every money-moving instruction while paused", async () => {
      const dev = await synqWallet(5n * SYNQ);
      await buy(dev, SYNQ);
      const node = await operatorNode();
      await fund(dev, node, 10n);
      const stranger = await fundedKeypair();
      await expectAnchorError(send(client.payments.pause(stranger.publicKey), stranger), "UnauthorizedPauser");
      await send(client.payments.pause(admin.publicKey), admin);
      try {
        assert.equal((await client.payments.fetchConfig()).paused, true);
        // (another fee payer: the same transaction again would be refused as already processed)
        await expectAnchorError(client.send(await client.payments.pause(admin.publicKey), { signers: [admin], feePayer: stranger }), "Paused");
        await expectAnchorError(buy(dev, SYNQ + 1n), "Paused");
        await expectAnchorError(fund(dev, node, 1n), "Paused");
        await expectAnchorError(settle(node, signReceipt(dev.key, { mint, node: node.node, cumulativeCredits: 10n, nonce: 1n })), "Paused");
        await expectAnchorError(send(client.payments.clawback(0)), "Paused");
        await expectAnchorError(send(client.payments.unpause(stranger.publicKey), stranger), "UnauthorizedPauser");
      } finally {
        await send(client.payments.unpause(admin.publicKey), admin);
      }
      await expectAnchorError(client.send(await client.payments.unpause(admin.publicKey), { signers: [admin], feePayer: stranger }), "NotPaused");
      await buy(dev, 2n * SYNQ);
      assert.equal(await tokenBalance(dev.tokens), 2n * SYNQ);
    });
  });

  describe("epochs, claims and clawback", () => {
    it("advance_epoch waits for the epoch's end, then anyone can crank it once", async () => {
      const current = await client.payments.currentEpoch();
      const cranker = await fundedKeypair();
      await waitForEpochEnd();
      await send(client.payments.advanceEpoch(cranker.publicKey, current), cranker);
      assert.equal(await client.payments.currentEpoch(), current + 1n);
      assert.equal(epochStateName((await client.payments.fetchEpoch(current))!.state), "ended");
      // The new epoch has just started.
      await expectAnchorError(send(client.payments.advanceEpoch(cranker.publicKey, current + 1n), cranker), "EpochNotOver");
      // The ended epoch cannot be cranked again (its successor exists / it is no longer current).
      await expectAnchorError(send(client.payments.advanceEpoch(admin.publicKey, current), admin), "ConstraintSeeds");
    });

    it("pays each node its on-chain share into its staking pool, once, and claws back the rest after expiry", async () => {
      const dev = await synqWallet(10n * SYNQ);
      const a = await operatorNode();
      const b = await operatorNode();
      const idle = await operatorNode();
      await buy(dev, 4n * SYNQ);
      await fund(dev, a, 3_000n);
      await fund(dev, b, 1_000n);
      await settle(a, signReceipt(dev.key, { mint, node: a.node, cumulativeCredits: 3_000n, nonce: 1n }));
      await settle(b, signReceipt(dev.key, { mint, node: b.node, cumulativeCredits: 1_000n, nonce: 1n }));
      const stranger = await fundedKeypair();
      const claimIx = (op: SynqWallet, epoch: bigint) =>
        client.payments.claim({ payer: stranger.publicKey, epoch, operator: op.pubkey, operatorTokens: op.tokens });
      // Nothing is claimable while the epoch is open.
      await expectAnchorError(send(claimIx(a, await client.payments.currentEpoch()), stranger), "InvalidEpochState");
      const epoch = await endEpoch();

      // Recomputed here from the settled inputs (credits as signed, QoS from the registry), not
      // through the SDK: weight = credits * qos / 10000, reward = pool * weight / total.
      const onChain = (await client.payments.fetchEpoch(epoch))!;
      const pool = BigInt(onChain.pool.toString());
      const qosOf = async (op: SynqWallet) => BigInt((await client.registry.fetchNode(op.pubkey))!.qosBps);
      const weightA = (3_000n * (await qosOf(a))) / 10_000n;
      const weightB = (1_000n * (await qosOf(b))) / 10_000n;
      assert.ok(weightA > 0n && weightB > 0n);
      assert.equal(BigInt(onChain.totalWeight.toString()), weightA + weightB);
      const rewardA = (pool * weightA) / (weightA + weightB);
      const rewardB = (pool * weightB) / (weightA + weightB);
      // The SDK's view (what `npm run settle` prints) agrees.
      const view = await epochRewards(client.payments, epoch);
      assert.deepEqual(
        view.rewards.filter((r) => r.node.equals(a.node) || r.node.equals(b.node)).map((r) => [r.node.toBase58(), r.amount]).sort(),
        [[a.node.toBase58(), rewardA], [b.node.toBase58(), rewardB]].sort(),
      );

      // No authority decides a reward (issue 13, item 9): there is no instruction that posts
      // or changes one, and the configuration names no settlement authority. A node with no
      // usage this epoch (say, the former authority's own) has nothing to claim.
      const instructions: string[] = client.programs.paymentConfig.idl.instructions.map((ix) => ix.name);
      assert.ok(!instructions.includes("postDistribution") && instructions.includes("claim"), instructions.join(", "));
      assert.ok(!("settlementAuthority" in (await client.payments.fetchConfig())));
      await expectTxError(send(claimIx(idle, epoch), stranger), 3012); // AccountNotInitialized: no NodeUsage
      await expectAnchorError(send(client.payments.clawback(epoch)), "ClaimWindowOpen");

      // Stake just before the claim (issue 13, item 6): staking into A's pool, claiming A's reward
      // and unstaking in one transaction fails, since new stake holds no share until its
      // warm-up ends; staking alone before the claim gets none of the reward.
      const sniper = await synqWallet(1_000n * SYNQ);
      const snipe = client.staking.stake({ owner: sniper.pubkey, operator: a.pubkey, ownerTokens: sniper.tokens, amount: 1_000n * SYNQ });
      const leave = client.staking.requestUnstake({ owner: sniper.pubkey, operator: a.pubkey, shares: 1n });
      await expectAnchorError(
        client.send([await snipe, await claimIx(a, epoch), await leave], { signers: [sniper.key, stranger] }),
        "InsufficientShares",
      );
      await send(snipe, sniper.key);

      const poolA = stakingPda.pool(a.pubkey);
      const vaultBefore = await tokenBalance(stakingPda.vault(poolA));
      const opBefore = await tokenBalance(a.tokens);
      const stakeOfA = await client.staking.positionValue(a.pubkey, a.pubkey);
      await send(claimIx(a, epoch), stranger);
      const commission = (rewardA * 1000n) / 10_000n;
      // The whole reward went to the stake that was there (rounded down by at most a unit).
      assert.equal(await client.staking.positionValue(a.pubkey, sniper.pubkey), 0n);
      const valueOfA = await client.staking.positionValue(a.pubkey, a.pubkey);
      const earned = rewardA - commission;
      assert.ok(valueOfA <= stakeOfA + earned && valueOfA >= stakeOfA + earned - 1n, `${valueOfA} vs ${stakeOfA} + ${earned}`);
      assert.equal(await tokenBalance(a.tokens), opBefore + commission);
      assert.equal(await tokenBalance(stakingPda.vault(poolA)), vaultBefore + rewardA - commission);
      // Once warm, the sniper's stake buys shares at the price after the reward: worth what it paid.
      await activateStakes(client, [{ owner: sniper.pubkey, operator: a.pubkey }]);
      const sniperValue = await client.staking.positionValue(a.pubkey, sniper.pubkey);
      assert.ok(sniperValue <= 1_000n * SYNQ && sniperValue >= 1_000n * SYNQ - 1n, `${sniperValue}`);
      const status = (await client.payments.fetchClaimStatus(epoch, a.node))!;
      assert.equal(status.amount.toString(), rewardA.toString());
      // Claim twice (paid by someone else, so it is a new transaction): the ClaimStatus PDA exists.
      const again = await client.payments.claim({ payer: admin.publicKey, epoch, operator: a.pubkey, operatorTokens: a.tokens });
      await expectTxError(send(again, admin), 0);
      assert.equal(await tokenBalance(a.tokens), opBefore + commission);
      // Node B paused after earning (once its status cooldown from registration is over): while
      // it does not serve, its reward cannot be claimed.
      await waitSlots(STATUS_COOLDOWN_SLOTS);
      await send(client.registry.setStatus(b.pubkey, b.pubkey, "Paused"), b.key);
      await expectAnchorError(send(claimIx(b, epoch), stranger), "NodeNotActive");
      await waitSlots(STATUS_COOLDOWN_SLOTS);
      await send(client.registry.setStatus(b.pubkey, b.pubkey, "Active"), b.key);

      // Node B never claims; after the window its reward and the rounding remainder go back.
      const treasuryBefore = await tokenBalance(client.payments.pda.treasury());
      const expires = (await client.payments.fetchEpoch(epoch))!.claimExpiresAt.toNumber();
      await warpTo(expires + 1);
      await expectAnchorError(send(claimIx(b, epoch), stranger), "ClaimWindowClosed");
      await client.send(await client.payments.clawback(epoch), { feePayer: stranger });
      const closed = (await client.payments.fetchEpoch(epoch))!;
      assert.equal(epochStateName(closed.state), "closed");
      assert.equal(BigInt(closed.clawedBack.toString()), pool - rewardA);
      assert.equal(await tokenBalance(client.payments.pda.treasury()), treasuryBefore + pool - rewardA);
      await expectAnchorError(send(client.payments.clawback(epoch)), "InvalidEpochState");
    });

    it("computes rewards as the program does (the vectors of payment_config's unit test)", () => {
      const weights = [usageWeight(3_000_000n, 10_000), usageWeight(1_000_000n, 5_000), usageWeight(0n, 10_000)];
      assert.deepEqual(weights, [3_000_000n, 500_000n, 0n]);
      const total = weights.reduce((sum, w) => sum + w, 0n);
      assert.deepEqual(weights.map((w) => rewardShare(1_000n, w, total)), [857n, 142n, 0n]); // the dust stays in the pool
      assert.equal(usageWeight(U64_MAX, 65_535), U64_MAX, "QoS above 100% counts as 100%");
      assert.equal(usageWeight(1n, 9_999), 0n);
      assert.equal(rewardShare(U64_MAX, U64_MAX, U64_MAX), U64_MAX);
      assert.equal(rewardShare(5n, 7n, 3n), 5n, "a weight above the total is capped");
      assert.equal(rewardShare(5n, 0n, 0n), 0n);
    });
  });

  describe("rewards follow consumption", () => {
    // The review's attack: developers bought far more credits than were used this epoch, so
    // the pool (under the old rule, every purchase of the epoch) was twice what honest usage
    // paid for. An operator who is also a developer settles its own receipts into it and takes
    // part of the honest node's reward. With escrow, the pool holds only what consumed credits
    // paid for, and the self-dealer gets back at most its own escrow.
    it("self-dealing into an epoch whose purchases are twice its honest usage gains nothing", async () => {
      const honestNode = await operatorNode();
      const dealer = await operatorNode();
      const honestDev = await synqWallet(30n * SYNQ);
      await endEpoch();
      const epoch = await client.payments.currentEpoch();
      const { feeSplit } = await client.payments.fetchConfig();
      await buy(honestDev, 20n * SYNQ);
      await fund(honestDev, honestNode, 10n * SYNQ);
      await settle(honestNode, signReceipt(honestDev.key, { mint, node: honestNode.node, cumulativeCredits: 10n * SYNQ, nonce: 1n }));
      // The dealer buys credits with its own wallet and settles all of them to its own node.
      await buy(dealer, 10n * SYNQ);
      await fund(dealer, dealer, 10n * SYNQ);
      await settle(dealer, signReceipt(dealer.key, { mint, node: dealer.node, cumulativeCredits: 10n * SYNQ, nonce: 1n }));
      await endEpoch();

      const honestEscrow = splitPayment(20n * SYNQ, feeSplit).toRewards;
      const dealerEscrow = splitPayment(10n * SYNQ, feeSplit).toRewards;
      const pool = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
      assert.equal(pool, honestEscrow / 2n + dealerEscrow, "half the honest purchase was used, all of the dealer's");
      const progress: number[] = [];
      const outcomes = await settleEpoch(client, epoch, { onProgress: (done, total) => progress.push(done, total) });
      // Reported as each node is dealt with: 1..n of n, once each.
      const n = outcomes.length;
      assert.deepEqual(progress, Array.from({ length: n }, (_, i) => [i + 1, n]).flat());
      const claimedBy = (node: PublicKey) => outcomes.find((o) => o.node.equals(node) && o.signature !== undefined)!.amount;
      const honestReward = claimedBy(honestNode.node);
      const dealerReward = claimedBy(dealer.node);
      assert.ok(dealerReward <= dealerEscrow, `the dealer gets back at most its own escrow: ${dealerReward} of ${dealerEscrow}`);
      assert.ok(honestReward >= honestEscrow / 2n - 1n, `the honest node keeps what its service released: ${honestReward}`);
      // The unused half of the honest developer's escrow waits for its consumption.
      assert.equal(BigInt((await client.payments.fetchCreditAccount(honestDev.pubkey))!.escrow.toString()), honestEscrow - honestEscrow / 2n);
    });
  });

  describe("scenario", () => {
    it("three developers, two nodes, two epochs: every token paid in is accounted for", async () => {
      const supplyOf = async () => (await getMint(network().connection, mint, "confirmed")).supply;
      const a = await operatorNode();
      const b = await operatorNode();
      const devs = [await synqWallet(50n * SYNQ), await synqWallet(50n * SYNQ), await synqWallet(50n * SYNQ)];
      const poolVaults = [a, b].map((op) => stakingPda.vault(stakingPda.pool(op.pubkey)));
      const balances = async () => ({
        supply: await supplyOf(),
        treasury: await tokenBalance(client.payments.pda.treasury()),
        rewardVault: await tokenBalance(client.payments.pda.rewardVault()),
        claimed:
          (await tokenBalance(poolVaults[0])) + (await tokenBalance(poolVaults[1])) + (await tokenBalance(a.tokens)) + (await tokenBalance(b.tokens)),
        devs: (await Promise.all(devs.map((d) => tokenBalance(d.tokens)))).reduce((s, x) => s + x, 0n),
      });
      // Start at a fresh epoch so its pool holds only this scenario's payments.
      await endEpoch();
      const start = await balances();

      const nonces = new Map<string, bigint>();
      const cumulative = new Map<string, bigint>();
      const use = async (dev: SynqWallet, op: typeof a, credits: bigint) => {
        const key = `${dev.pubkey.toBase58()}:${op.node.toBase58()}`;
        const total = (cumulative.get(key) ?? 0n) + credits;
        const nonce = (nonces.get(key) ?? 0n) + 1n;
        cumulative.set(key, total);
        nonces.set(key, nonce);
        await fund(dev, op, credits);
        await settle(op, signReceipt(dev.key, { mint, node: op.node, cumulativeCredits: total, nonce }));
      };

      const paid = [7n * SYNQ + 3n, 11n * SYNQ + 1n, 5n * SYNQ];
      for (const [i, dev] of devs.entries()) await buy(dev, paid[i]);
      await use(devs[0], a, 2n * SYNQ);
      await use(devs[1], a, SYNQ);
      await use(devs[1], b, 3n * SYNQ);
      await use(devs[2], b, SYNQ / 2n);
      const epoch1 = await endEpoch();

      const more = [2n * SYNQ, 0n, 9n * SYNQ + 7n];
      for (const [i, dev] of devs.entries()) if (more[i] > 0n) await buy(dev, more[i]);
      await use(devs[0], a, SYNQ);
      await use(devs[2], a, 4n * SYNQ);
      await use(devs[2], b, SYNQ);
      const epoch2 = await endEpoch();

      const claimedTotal: bigint[] = [];
      for (const epoch of [epoch1, epoch2]) {
        const expected = (await epochRewards(client.payments, epoch)).rewards.reduce((sum, r) => sum + r.amount, 0n);
        const outcomes = await settleEpoch(client, epoch);
        assert.ok(outcomes.every((o) => o.error === undefined), JSON.stringify(outcomes.map((o) => o.error)));
        const claimed = outcomes.filter((o) => o.signature !== undefined).reduce((sum, o) => sum + o.amount, 0n);
        assert.equal(claimed, expected);
        claimedTotal.push(claimed);
      }

      const end = await balances();
      const paidIn = [...paid, ...more].reduce((s, x) => s + x, 0n);
      const burned = start.supply - end.supply;
      const toTreasury = end.treasury - start.treasury;
      const claimed = end.claimed - start.claimed;
      const unclaimed = end.rewardVault - start.rewardVault;
      assert.equal(start.devs - end.devs, paidIn, "developers paid exactly this");
      assert.equal(claimed, claimedTotal[0] + claimedTotal[1]);
      assert.equal(burned + toTreasury + claimed + unclaimed, paidIn, "burned + treasury + claimed + unclaimed = paid in");
      const split = (await client.payments.fetchConfig()).feeSplit;
      const expected = [...paid, ...more].filter((x) => x > 0n).map((x) => splitPayment(x, split));
      assert.equal(burned, expected.reduce((s, p) => s + p.burned, 0n));
      assert.equal(toTreasury, expected.reduce((s, p) => s + p.toTreasury, 0n));
      const pools = [epoch1, epoch2].map(async (e) => BigInt((await client.payments.fetchEpoch(e))!.pool.toString()));
      const poolTotal = (await Promise.all(pools)).reduce((s, x) => s + x, 0n);
      const creditsLeft = await Promise.all(devs.map((d) => client.payments.fetchCreditAccount(d.pubkey)));
      const escrowLeft = creditsLeft.reduce((s, c) => s + BigInt(c!.escrow.toString()), 0n);
      // The operators' share is either in an epoch's pool (consumed credits) or still in escrow.
      assert.equal(poolTotal + escrowLeft, expected.reduce((s, p) => s + p.toRewards, 0n));
      // Each developer's consumption released its share of that developer's escrow.
      const toRewardsOf = (i: number) => [paid[i], more[i]].filter((x) => x > 0n).reduce((s, x) => s + splitPayment(x, split).toRewards, 0n);
      const consumedOf = [3n * SYNQ, 4n * SYNQ, SYNQ / 2n + 5n * SYNQ];
      const boughtOf = [9n * SYNQ + 3n, 11n * SYNQ + 1n, 14n * SYNQ + 7n];
      for (const [i, c] of creditsLeft.entries()) {
        const released = toRewardsOf(i) - BigInt(c!.escrow.toString());
        const exact = (toRewardsOf(i) * consumedOf[i]) / boughtOf[i];
        assert.ok(released >= exact - 6n && released <= exact + 6n, `developer ${i}: released ${released}, pro rata ${exact}`);
      }
      assert.equal(unclaimed, escrowLeft + poolTotal - claimed, "escrow + rounding dust stay in the reward vault");
      assert.ok(poolTotal - claimed < 4n, `rounding dust ${poolTotal - claimed}`);
      assert.deepEqual(
        creditsLeft.map((c) => BigInt(c!.balance.toString())),
        [9n * SYNQ + 3n - 3n * SYNQ, 11n * SYNQ + 1n - 4n * SYNQ, 14n * SYNQ + 7n - SYNQ / 2n - 5n * SYNQ],
      );
    });
  });
});
