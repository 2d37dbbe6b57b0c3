/**
 * payment_config over localnet: credits, the Ed25519 payment channel, pause, epochs, merkle
 * reward claims into staking pools, clawback, and a two-epoch scenario that accounts for every
 * token. Runs in order against the shared deployment (the deployer is the config authority,
 * guardian and settlement authority); epochs are shortened to seconds in `before`.
 */
import { BN } from "@coral-xyz/anchor";
import { getMint } from "@solana/spl-token";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";

import {
  StorageTree,
  computeDistribution,
  computeEpochDistribution,
  epochStateName,
  estimateCost,
  registryPda,
  rewardOf,
  settleEpoch,
  signReceipt,
  splitPayment,
  stakingPda,
  tierName,
  verifyReceipt,
  type Distribution,
  type SignedReceipt,
  type SynqClient,
} from "@synq/sdk";

import {
  deployer,
  deployment,
  expectAnchorError,
  expectTxError,
  fundedKeypair,
  network,
  sleep,
  synqWallet,
  type SynqWallet,
  tokenBalance,
  waitSlots,
} from "./support";

const SYNQ = 1_000_000_000n;
const STATUS_COOLDOWN_SLOTS = 5;
const U64_MAX = (1n << 64n) - 1n;
const EPOCH_SECONDS = 2;
const CLAIM_WINDOW_SECONDS = 8;

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
    await send(client.registry.registerNode(op.pubkey, { endpoint: "https://node.example", region: 1, capacityBytes: 1n << 30n, models: 0b1111 }), op.key);
    if (options.commit ?? true) {
      const storage = new StorageTree(Buffer.from(`data of ${op.pubkey.toBase58()}`));
      await send(client.registry.commitStorage(op.pubkey, storage.root, storage.size), op.key);
    }
    return { ...op, node: registryPda.node(op.pubkey) };
  }

  const buy = (who: SynqWallet, amount: bigint, tier: "standard" | "premium" = "standard") =>
    send(client.payments.buyCredits({ buyer: who.pubkey, buyerTokens: who.tokens, amount, tier }), who.key);

  const settle = (operator: SynqWallet, receipt: SignedReceipt) =>
    sendAll(client.payments.settleUsage({ operator: operator.pubkey, receipt }), operator.key);

  async function waitForEpochEnd(): Promise<void> {
    const epoch = (await client.payments.fetchEpoch(await client.payments.currentEpoch()))!;
    const endsAt = (epoch.startedAt.toNumber() + EPOCH_SECONDS + 1) * 1000;
    for (;;) {
      const { blockTime } = await chainTime();
      if (blockTime * 1000 >= endsAt) return;
      await sleep(250);
    }
  }

  async function chainTime(): Promise<{ blockTime: number }> {
    const connection = network().connection;
    const slot = await connection.getSlot("confirmed");
    return { blockTime: (await connection.getBlockTime(slot)) ?? Math.floor(Date.now() / 1000) };
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
          claimWindowSeconds: new BN(1),
          settlementAuthority: admin.publicKey,
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
    });

    it("deducts only the delta over the last settled receipt and books it as the node's usage", async () => {
      const epoch = await client.payments.currentEpoch();
      const first = signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 1_000n, nonce: 1n });
      assert.ok(verifyReceipt(first));
      await settle(nodeA, first);
      const escrowBefore = BigInt((await client.payments.fetchCreditAccount(dev.pubkey))!.escrow.toString());
      const poolBefore = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
      await settle(nodeA, signReceipt(dev.key, { mint, node: nodeA.node, cumulativeCredits: 1_500n, nonce: 2n }));
      const credits = (await client.payments.fetchCreditAccount(dev.pubkey))!;
      assert.equal(credits.balance.toNumber(), 1_000_000 - 1_500);
      // 500 of the remaining 999,000 credits consumed: that share of the escrow moves into the pool.
      const released = (escrowBefore * 500n) / 999_000n;
      assert.equal(BigInt(credits.escrow.toString()), escrowBefore - released);
      assert.equal(BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString()), poolBefore + released);
      assert.equal(credits.consumed.toNumber(), 1_500);
      const channel = (await client.payments.fetchChannel(creditAccount, nodeA.node))!;
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

    it("refuses a receipt above the credit balance and handles u64-limit amounts", async () => {
      const small = await synqWallet(SYNQ);
      await buy(small, 100n);
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 101n, nonce: 1n })), "InsufficientCredits");
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: U64_MAX, nonce: U64_MAX })), "InsufficientCredits");
      await settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 100n, nonce: U64_MAX }));
      assert.equal((await client.payments.fetchCreditAccount(small.pubkey))!.balance.toNumber(), 0);
      // No nonce is above u64::MAX: the channel takes no further receipts.
      await expectAnchorError(settle(nodeB, signReceipt(small.key, { mint, node: nodeB.node, cumulativeCredits: 99n, nonce: U64_MAX })), "ReceiptReplayed");
    });
  });

  describe("only staked, committed, Active nodes earn", () => {
    it("refuses to settle for a node that never committed, paused, or unstaked below the minimum", async () => {
      const dev = await synqWallet(5n * SYNQ);
      await buy(dev, SYNQ);
      let nonce = 1n;
      const receiptFor = (node: SynqWallet & { node: PublicKey }) => signReceipt(dev.key, { mint, node: node.node, cumulativeCredits: 10n, nonce: nonce++ });

      const uncommitted = await operatorNode({ commit: false });
      await expectAnchorError(settle(uncommitted, receiptFor(uncommitted)), "NodeUncommitted");

      const paused = await operatorNode();
      await waitSlots(STATUS_COOLDOWN_SLOTS);
      await send(client.registry.setStatus(paused.pubkey, paused.pubkey, "Paused"), paused.key);
      await expectAnchorError(settle(paused, receiptFor(paused)), "NodeNotActive");

      const unstaked = await operatorNode();
      const position = (await client.staking.fetchPosition(unstaked.pubkey, unstaked.pubkey))!;
      await send(client.staking.requestUnstake({ owner: unstaked.pubkey, operator: unstaked.pubkey, shares: BigInt(position.shares.toString()) }), unstaked.key);
      await expectAnchorError(settle(unstaked, receiptFor(unstaked)), "NodeUnderstaked");

      // None of them took anything; an earning node settles the same receipt kind.
      assert.equal(BigInt((await client.payments.fetchCreditAccount(dev.pubkey))!.balance.toString()) > 0n, true);
      const honest = await operatorNode();
      await settle(honest, receiptFor(honest));
    });
  });

  describe("pause / unpause", () => {
    it("lets only the guardian or authority pause, and refuses every money-moving instruction while paused", async () => {
      const dev = await synqWallet(5n * SYNQ);
      await buy(dev, SYNQ);
      const node = await operatorNode();
      const stranger = await fundedKeypair();
      await expectAnchorError(send(client.payments.pause(stranger.publicKey), stranger), "UnauthorizedPauser");
      await send(client.payments.pause(admin.publicKey), admin);
      try {
        assert.equal((await client.payments.fetchConfig()).paused, true);
        // (another fee payer: the same transaction again would be refused as already processed)
        await expectAnchorError(client.send(await client.payments.pause(admin.publicKey), { signers: [admin], feePayer: stranger }), "Paused");
        await expectAnchorError(buy(dev, SYNQ + 1n), "Paused");
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

  describe("epochs, distribution, claims and clawback", () => {
    it("advance_epoch waits for the epoch's end, then anyone can crank it once", async () => {
      const current = await client.payments.currentEpoch();
      const cranker = await fundedKeypair();
      await waitForEpochEnd();
      await send(client.payments.advanceEpoch(cranker.publicKey, current), cranker);
      assert.equal(await client.payments.currentEpoch(), current + 1n);
      assert.equal(epochStateName((await client.payments.fetchEpoch(current))!.state), "ended");
      // The new epoch has just started (lengthened for this check so the clock cannot win the race).
      await send(client.payments.setParams(admin.publicKey, { epochLengthSeconds: 3600 }), admin);
      try {
        await expectAnchorError(send(client.payments.advanceEpoch(cranker.publicKey, current + 1n), cranker), "EpochNotOver");
      } finally {
        await send(client.payments.setParams(admin.publicKey, { epochLengthSeconds: EPOCH_SECONDS }), admin);
      }
      // The ended epoch cannot be cranked again (its successor exists / it is no longer current).
      await expectAnchorError(send(client.payments.advanceEpoch(admin.publicKey, current), admin), "ConstraintSeeds");
    });

    it("pays a posted distribution into the nodes' staking pools, once, and claws back the rest after expiry", async () => {
      const dev = await synqWallet(10n * SYNQ);
      const a = await operatorNode();
      const b = await operatorNode();
      await buy(dev, 4n * SYNQ);
      await settle(a, signReceipt(dev.key, { mint, node: a.node, cumulativeCredits: 3_000n, nonce: 1n }));
      await settle(b, signReceipt(dev.key, { mint, node: b.node, cumulativeCredits: 1_000n, nonce: 1n }));
      const epoch = await endEpoch();

      const stranger = await fundedKeypair();
      const distribution = await computeEpochDistribution(client.payments, epoch);
      const pool = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
      assert.equal(distribution.pool, pool);
      assert.ok(distribution.total <= pool && distribution.total > 0n);
      await expectAnchorError(
        send(client.payments.postDistribution({ settlementAuthority: stranger.publicKey, epoch, root: distribution.root, total: distribution.total }), stranger),
        "UnauthorizedSettlement",
      );
      await expectAnchorError(
        send(client.payments.postDistribution({ settlementAuthority: admin.publicKey, epoch, root: distribution.root, total: pool + 1n }), admin),
        "DistributionExceedsPool",
      );
      const open = await client.payments.currentEpoch();
      await expectAnchorError(
        send(client.payments.postDistribution({ settlementAuthority: admin.publicKey, epoch: open, root: distribution.root, total: 0n }), admin),
        "InvalidEpochState",
      );
      await expectAnchorError(send(client.payments.clawback(epoch)), "InvalidEpochState");

      const { distribution: posted } = await settleEpoch(client, epoch, admin);
      assert.ok(posted.root.equals(distribution.root), "the job's root is the one recomputed from chain");
      const onChain = (await client.payments.fetchEpoch(epoch))!;
      assert.deepEqual(Buffer.from(onChain.merkleRoot), distribution.root);
      await expectAnchorError(
        send(client.payments.postDistribution({ settlementAuthority: admin.publicKey, epoch, root: distribution.root, total: 0n }), admin),
        "InvalidEpochState",
      );

      const rewardA = rewardOf(distribution, a.node)!;
      const rewardB = rewardOf(distribution, b.node)!;
      const claimIx = (op: SynqWallet, amount: bigint, proof: Buffer[]) =>
        client.payments.claim({ payer: stranger.publicKey, epoch, operator: op.pubkey, operatorTokens: op.tokens, amount, proof });
      // Wrong amount, and node B's proof for node A.
      await expectAnchorError(send(claimIx(a, rewardA.amount + 1n, rewardA.proof), stranger), "InvalidProof");
      await expectAnchorError(send(claimIx(a, rewardB.amount, rewardB.proof), stranger), "InvalidProof");

      const poolA = stakingPda.pool(a.pubkey);
      const vaultBefore = await tokenBalance(stakingPda.vault(poolA));
      const opBefore = await tokenBalance(a.tokens);
      await send(claimIx(a, rewardA.amount, rewardA.proof), stranger);
      const commission = (rewardA.amount * 1000n) / 10_000n;
      assert.equal(await tokenBalance(a.tokens), opBefore + commission);
      assert.equal(await tokenBalance(stakingPda.vault(poolA)), vaultBefore + rewardA.amount - commission);
      const status = (await client.payments.fetchClaimStatus(epoch, a.node))!;
      assert.equal(status.amount.toString(), rewardA.amount.toString());
      // Claim twice (paid by someone else, so it is a new transaction): the ClaimStatus PDA exists.
      const again = await client.payments.claim({ payer: admin.publicKey, epoch, operator: a.pubkey, operatorTokens: a.tokens, amount: rewardA.amount, proof: rewardA.proof });
      await expectTxError(send(again, admin), 0);
      assert.equal(await tokenBalance(a.tokens), opBefore + commission);
      await expectAnchorError(send(client.payments.clawback(epoch)), "ClaimWindowOpen");
      // Node B paused after earning: while it does not serve, its reward cannot be claimed.
      await send(client.registry.setStatus(b.pubkey, b.pubkey, "Paused"), b.key);
      await expectAnchorError(send(claimIx(b, rewardB.amount, rewardB.proof), stranger), "NodeNotActive");
      await waitSlots(STATUS_COOLDOWN_SLOTS);
      await send(client.registry.setStatus(b.pubkey, b.pubkey, "Active"), b.key);

      // Node B never claims; after the window its reward and the rounding remainder go back.
      const treasuryBefore = await tokenBalance(client.payments.pda.treasury());
      const expires = (await client.payments.fetchEpoch(epoch))!.claimExpiresAt.toNumber();
      while ((await chainTime()).blockTime < expires + 1) await sleep(300);
      await expectAnchorError(send(claimIx(b, rewardB.amount, rewardB.proof), stranger), "ClaimWindowClosed");
      await client.send(await client.payments.clawback(epoch), { feePayer: stranger });
      const closed = (await client.payments.fetchEpoch(epoch))!;
      assert.equal(epochStateName(closed.state), "closed");
      assert.equal(BigInt(closed.clawedBack.toString()), pool - rewardA.amount);
      assert.equal(await tokenBalance(client.payments.pda.treasury()), treasuryBefore + pool - rewardA.amount);
      await expectAnchorError(send(client.payments.clawback(epoch)), "InvalidEpochState");
    });

    it("computes rewards deterministically from usage and QoS", () => {
      const [n1, n2, n3] = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];
      const usage = [
        { node: n1, credits: 300n, qosBps: 10_000 },
        { node: n2, credits: 100n, qosBps: 5_000 },
        { node: n3, credits: 0n, qosBps: 10_000 },
      ];
      const d: Distribution = computeDistribution(7n, 1_000n, usage);
      assert.equal(rewardOf(d, n1)!.amount, 857n); // 1000 * 3e6 / 3.5e6
      assert.equal(rewardOf(d, n2)!.amount, 142n);
      assert.equal(rewardOf(d, n3), undefined);
      assert.equal(d.total, 999n);
      assert.ok(computeDistribution(7n, 1_000n, [...usage].reverse()).root.equals(d.root), "input order does not matter");
      assert.equal(computeDistribution(7n, 1_000n, []).total, 0n);
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
      await settle(honestNode, signReceipt(honestDev.key, { mint, node: honestNode.node, cumulativeCredits: 10n * SYNQ, nonce: 1n }));
      // The dealer buys credits with its own wallet and settles all of them to its own node.
      await buy(dealer, 10n * SYNQ);
      await settle(dealer, signReceipt(dealer.key, { mint, node: dealer.node, cumulativeCredits: 10n * SYNQ, nonce: 1n }));
      await endEpoch();

      const honestEscrow = splitPayment(20n * SYNQ, feeSplit).toRewards;
      const dealerEscrow = splitPayment(10n * SYNQ, feeSplit).toRewards;
      const pool = BigInt((await client.payments.fetchEpoch(epoch))!.pool.toString());
      assert.equal(pool, honestEscrow / 2n + dealerEscrow, "half the honest purchase was used, all of the dealer's");
      const { distribution } = await settleEpoch(client, epoch, admin);
      const honestReward = rewardOf(distribution, honestNode.node)!.amount;
      const dealerReward = rewardOf(distribution, dealer.node)!.amount;
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
        const { distribution } = await settleEpoch(client, epoch, admin);
        let claimed = 0n;
        for (const op of [a, b]) {
          const reward = rewardOf(distribution, op.node);
          if (reward === undefined) continue;
          await send(client.payments.claim({ payer: admin.publicKey, epoch, operator: op.pubkey, operatorTokens: op.tokens, amount: reward.amount, proof: reward.proof }), admin);
          claimed += reward.amount;
        }
        assert.equal(claimed, distribution.total);
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
