/**
 * Governance over a localnet of its own (docs/governance.md): the protocol is deployed with the
 * handover, so the deployer keeps no parameter power and the shared test deployment (whose
 * deployer other test files use as admin) is left alone.
 */
import { BN } from "@coral-xyz/anchor";
import { createAssociatedTokenAccount, createMintToInstruction, getAccount, getMint, mintTo, transfer } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, type Connection, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SynqClient, loadConfig, tallyOf, type Deployment, type GovernableProgram } from "@synq/sdk";

import { DEFAULT_PARAMS, deploy, type DeployParams } from "../migrations/deploy";
import { startLocalnet, type Localnet } from "../scripts/lib/localnet";
import {
  activateStakes,
  customErrorCode,
  expectAnchorError,
  expectTxError,
  sleep,
  warpTo,
} from "./support";

const SYNQ = 1_000_000_000n;
const DAY = 86_400;
// The shortest the program allows; the clock is warped past them.
const VOTING_SECONDS = DAY;
const TIMELOCK_SECONDS = DAY;

interface Holder {
  key: Keypair;
  tokens: PublicKey;
}

describe("governance over its own localnet (handover deployment)", function () {
  this.timeout(240_000);

  let localnet: Localnet;
  let scratch: string;
  let connection: Connection;
  let client: SynqClient;
  let admin: Keypair;
  let guardian: Keypair;
  let deployment: Deployment;
  /** Operators A (100), B (60), C (40) with their own pools; D a 20 SYNQ delegator in A's pool. */
  let a: Holder, b: Holder, c: Holder, d: Holder;

  const params: DeployParams = {
    ...DEFAULT_PARAMS,
    staking: { cooldownSeconds: DAY, warmupSeconds: 3_600 },
    governance: {
      quorumBps: 3000,
      approvalThresholdBps: 5000,
      votingPeriodSeconds: VOTING_SECONDS,
      timelockSeconds: TIMELOCK_SECONDS,
      proposalThreshold: 10n * SYNQ,
    },
  };

  const send = async (ix: Promise<TransactionInstruction> | TransactionInstruction, ...signers: Keypair[]) =>
    client.send(await ix, { signers });

  async function airdrop(to: PublicKey, sol: number): Promise<void> {
    const signature = await connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
    const latest = await connection.getLatestBlockhash("confirmed");
    await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  }

  /** Holds what the deployer minted before the handover: nobody can mint without a proposal after it. */
  let bank: Holder;

  async function holder(amount: bigint): Promise<Holder> {
    const key = Keypair.generate();
    await airdrop(key.publicKey, 10);
    const tokens = await createAssociatedTokenAccount(connection, admin, deployment.mint, key.publicKey, { commitment: "confirmed" });
    if (amount > 0n) await transfer(connection, admin, bank.tokens, tokens, bank.key, amount, [], { commitment: "confirmed" });
    return { key, tokens };
  }

  const balance = async (account: PublicKey): Promise<bigint> => (await getAccount(connection, account, "confirmed")).amount;

  /** This test's localnet is its own: warp its clock. */
  const warpUntil = (unix: number): Promise<void> => warpTo(unix, connection);

  before(async () => {
    admin = Keypair.generate();
    localnet = await startLocalnet({ args: ["--rpc-port", "0"], upgradeAuthority: admin.publicKey });
    scratch = mkdtempSync(join(tmpdir(), "synq-governance-"));
    const config = loadConfig({ rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, deploymentPath: join(scratch, "deployment.json") });
    guardian = Keypair.generate();
    const wallet = Keypair.generate();
    client = new SynqClient(SynqClient.provider(config, wallet));
    connection = client.connection;
    await airdrop(admin.publicKey, 100);
    await airdrop(wallet.publicKey, 100);
    await airdrop(guardian.publicKey, 10);
    const deployOnce = (handover: boolean) =>
      deploy({
        config: { rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, deploymentPath: join(scratch, "deployment.json") },
        payer: admin,
        params,
        guardian: guardian.publicKey,
        handover,
        log: () => undefined,
      });
    // The supply this test needs is minted before the handover takes the mint authority away.
    deployment = await deployOnce(false);
    const bankKey = Keypair.generate();
    bank = { key: bankKey, tokens: await createAssociatedTokenAccount(connection, admin, deployment.mint, bankKey.publicKey, { commitment: "confirmed" }) };
    await mintTo(connection, admin, deployment.mint, bank.tokens, admin, 1_000n * SYNQ, [], { commitment: "confirmed" });
    deployment = await deployOnce(true);

    [a, b, c, d] = await Promise.all([holder(100n * SYNQ), holder(60n * SYNQ), holder(40n * SYNQ), holder(20n * SYNQ)]);
    for (const [op, amount] of [[a, 100n], [b, 60n], [c, 40n]] as const) {
      await send(client.staking.createPool({ operator: op.key.publicKey, commissionBps: 0 }), op.key);
      await send(client.staking.stake({ owner: op.key.publicKey, operator: op.key.publicKey, ownerTokens: op.tokens, amount: amount * SYNQ }), op.key);
    }
    await send(client.staking.stake({ owner: d.key.publicKey, operator: a.key.publicKey, ownerTokens: d.tokens, amount: 20n * SYNQ }), d.key);
    // Stake votes once warm.
    await activateStakes(client, [
      ...[a, b, c].map((op) => ({ owner: op.key.publicKey, operator: op.key.publicKey })),
      { owner: d.key.publicKey, operator: a.key.publicKey },
    ]);
  });

  after(async () => {
    // web3.js closes an idle PubSub socket 500 ms after its last subscription; stopping the
    // server first would leave the client reconnecting (and logging) for the rest of the run.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await localnet?.stop();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it("handed every config authority to the governance PDA", async () => {
    const pdaKey = client.pda.governanceAuthority();
    const [registry, staking, payments, governance] = await Promise.all([
      client.registry.fetchConfig(),
      client.staking.fetchConfig(),
      client.payments.fetchConfig(),
      client.governance.fetchConfig(),
    ]);
    for (const config of [registry, staking, payments, governance]) assert.ok(config.authority.equals(pdaKey));
    const { mintAuthority, freezeAuthority } = await getMint(connection, deployment.mint, "confirmed");
    assert.ok(mintAuthority?.equals(pdaKey), "new $SYNQ needs a proposal");
    assert.equal(freezeAuthority, null);
    assert.ok(staking.governance.equals(pdaKey), "staking's vote locker is governance");
    assert.ok(governance.guardian.equals(guardian.publicKey));
    assert.ok(payments.guardian.equals(guardian.publicKey));
    assert.equal(BigInt(staking.totalStaked.toString()), 220n * SYNQ);
  });

  it("after the handover the old admin key is refused by every set_params", async () => {
    const attempts: [GovernableProgram, Record<string, unknown>][] = [
      ["registry", { authority: admin.publicKey }],
      ["staking", { authority: admin.publicKey }],
      ["paymentConfig", { feeSplit: { operatorsBps: 0, treasuryBps: 10_000, burnBps: 0 } }],
      ["governance", { guardian: admin.publicKey }],
    ];
    for (const [program, change] of attempts) {
      for (const signer of [admin, guardian]) {
        const expected = program === "governance" ? "NotGovernanceAuthority" : "ConstraintHasOne";
        await expectAnchorError(send(client.governance.setParamsInstruction(program, signer.publicKey, change), signer), expected);
      }
    }
    assert.ok((await client.staking.fetchConfig()).authority.equals(client.pda.governanceAuthority()));
  });

  it("the guardian pauses payments (and unpauses) but holds no parameter", async () => {
    await send(client.payments.pause(guardian.publicKey), guardian);
    assert.equal((await client.payments.fetchConfig()).paused, true);
    const buyer = await holder(10n * SYNQ);
    await expectAnchorError(send(client.payments.buyCredits({ buyer: buyer.key.publicKey, buyerTokens: buyer.tokens, amount: SYNQ }), buyer.key), "Paused");
    // A stranger cannot pause or unpause.
    const stranger = await holder(0n);
    await expectAnchorError(send(client.payments.unpause(stranger.key.publicKey), stranger.key), "UnauthorizedPauser");
    await send(client.payments.unpause(guardian.publicKey), guardian);
    assert.equal((await client.payments.fetchConfig()).paused, false);
  });

  it("a fee split change passes three positions' vote, waits out the timelock and is used by the next buy_credits; quorum and threshold defeats; no double votes", async () => {
    const gov = client.governance;
    const newSplit = { operatorsBps: 6000, treasuryBps: 3000, burnBps: 1000 };
    const propose = (program: GovernableProgram, change: Record<string, unknown>, title: string) =>
      gov.proposeParamChange({
        proposer: a.key.publicKey,
        operator: a.key.publicKey,
        program,
        params: change,
        title,
        descriptionUri: "https://synq.example/proposals",
        options: { signers: [a.key] },
      });

    // Rewards paid into C's pool are not in total_staked until synced: proposing syncs them.
    const sponsor = await holder(10n * SYNQ);
    await send(
      client.staking.depositRewards({ depositor: sponsor.key.publicKey, operator: c.key.publicKey, source: sponsor.tokens, operatorTokens: c.tokens, amount: 10n * SYNQ }),
      sponsor.key,
    );
    assert.equal(BigInt((await client.staking.fetchConfig()).totalStaked.toString()), 220n * SYNQ);

    // Proposal 0: the fee split. Proposal 1: to be defeated by quorum. Proposal 2: by threshold.
    const split = await propose("paymentConfig", { feeSplit: newSplit }, "Fee split 60/30/10");
    const quorum = await propose("registry", { reportEpochSeconds: new BN(7_200) }, "No quorum");
    const threshold = await propose("staking", { cooldownSeconds: new BN(2 * DAY) }, "Rejected");
    assert.deepEqual([split.index, quorum.index, threshold.index], [0n, 1n, 2n]);
    const stored = await gov.fetchProposal(split.index);
    assert.equal(stored.actions.length, 1);
    assert.ok(stored.actions[0].programId.equals(deployment.programs.paymentConfig));
    assert.equal(BigInt(stored.totalStakeSnapshot.toString()), 230n * SYNQ, "the snapshot counts the synced rewards");

    const vote = (who: Holder, operator: Holder, index: bigint, choice: "yes" | "no" | "abstain") =>
      gov.vote({ voter: who.key.publicKey, operator: operator.key.publicKey, index, choice, options: { signers: [who.key] } });

    // Fee split: A yes (100), B no (60), C yes (50 with its rewards): 150 / 210 approve.
    await vote(a, a, split.index, "yes");
    await vote(b, b, split.index, "no");
    await vote(c, c, split.index, "yes");
    // Quorum (30% of 230 = 69): only D's 20 votes.
    await vote(d, a, quorum.index, "yes");
    // Threshold: 60 yes against 100 no.
    await vote(b, b, threshold.index, "yes");
    await vote(a, a, threshold.index, "no");

    // Double vote with the same position: the vote record exists.
    await expectTxError(vote(a, a, split.index, "no"), (err) => /already in use/.test(String((err as { logs?: string[] }).logs ?? err)));
    // The same tokens voting twice by unstaking and restaking: unstake is locked while voting.
    const positionB = (await client.staking.fetchPosition(b.key.publicKey, b.key.publicKey))!;
    await expectAnchorError(send(client.staking.requestUnstake({ owner: b.key.publicKey, operator: b.key.publicKey, shares: positionB.shares }), b.key), "OpenVotes");
    // Too early to finalize; execute is refused while voting.
    await expectAnchorError(send(gov.finalize(split.index)), "VotingNotEnded");
    await expectAnchorError(send(gov.execute(split.index)), "InvalidProposalState");

    const tally = await gov.tally(split.index);
    // Weights are the positions' active values (C's 40 staked + 10 rewards, rounded down).
    assert.deepEqual([tally.no, tally.abstain], [60n * SYNQ, 0n]);
    assert.ok(tally.yes > 149n * SYNQ && tally.yes <= 150n * SYNQ, `yes ${tally.yes}`);
    assert.equal(tally.outcome, "passing");
    assert.equal((await gov.tally(quorum.index)).quorumReached, false);
    assert.equal((await gov.tally(threshold.index)).approved, false);

    // The three votes end in the order they started.
    await warpUntil((await gov.tally(threshold.index)).votingEndsAt);
    const finalized = await gov.finalizeProposal(split.index);
    assert.equal(finalized.state, "queued");
    assert.equal((await gov.finalizeProposal(quorum.index)).state, "defeated");
    assert.equal((await gov.finalizeProposal(threshold.index)).state, "defeated");
    await expectAnchorError(send(gov.execute(quorum.index)), "InvalidProposalState");

    // Execute before the timelock: refused.
    await expectAnchorError(send(gov.execute(split.index)), "TimelockNotElapsed");
    await warpUntil(finalized.eta);
    await gov.executeProposal(split.index);
    const payments = await client.payments.fetchConfig();
    assert.deepEqual(
      { operatorsBps: payments.feeSplit.operatorsBps, treasuryBps: payments.feeSplit.treasuryBps, burnBps: payments.feeSplit.burnBps },
      newSplit,
    );
    assert.equal(tallyOf(await gov.fetchProposal(split.index)).state, "executed");
    // Execute twice: refused.
    await sleep(500);
    await expectAnchorError(send(gov.execute(split.index)), "InvalidProposalState");

    // The next buy_credits uses the new split: 60% reward vault, 30% treasury, 10% burnt.
    const buyer = await holder(10n * SYNQ);
    const amount = 10n * SYNQ;
    const [vaultBefore, treasuryBefore, supplyBefore] = [
      await balance(payments.rewardVault),
      await balance(payments.treasury),
      (await getMint(connection, deployment.mint, "confirmed")).supply,
    ];
    await send(client.payments.buyCredits({ buyer: buyer.key.publicKey, buyerTokens: buyer.tokens, amount }), buyer.key);
    assert.equal((await balance(payments.rewardVault)) - vaultBefore, (amount * 6000n) / 10_000n);
    assert.equal((await balance(payments.treasury)) - treasuryBefore, (amount * 3000n) / 10_000n);
    assert.equal(supplyBefore - (await getMint(connection, deployment.mint, "confirmed")).supply, amount / 10n);

    // Votes are released after the end: B relinquishes and can unstake again.
    await send(gov.relinquishVote({ voter: b.key.publicKey, operator: b.key.publicKey, index: split.index }));
    await send(gov.relinquishVote({ voter: b.key.publicKey, operator: b.key.publicKey, index: threshold.index }));
    await send(client.staking.requestUnstake({ owner: b.key.publicKey, operator: b.key.publicKey, shares: positionB.shares }), b.key);
  });

  it("after the handover only a passed proposal mints $SYNQ or spends the treasury", async () => {
    const gov = client.governance;
    const pdaKey = client.pda.governanceAuthority();
    const grantee = await holder(0n);
    const treasury = client.payments.pda.treasury();
    const treasuryBefore = await balance(treasury);
    assert.ok(treasuryBefore >= 2n * SYNQ, `the fee split test paid the treasury: ${treasuryBefore}`);
    // The old keys: the deployer can neither mint nor spend; the guardian cannot spend.
    await expectTxError(
      mintTo(connection, admin, deployment.mint, grantee.tokens, admin, SYNQ, [], { commitment: "confirmed" }),
      (err) => customErrorCode(err) === 4, // spl-token OwnerMismatch: not the mint authority
    );
    for (const signer of [admin, guardian]) {
      await expectAnchorError(send(client.payments.spendTreasury({ authority: signer.publicKey, destination: grantee.tokens, amount: SYNQ }), signer), "ConstraintHasOne");
    }
    // A grant proposal: 1 SYNQ from the treasury and 5 new SYNQ, executed by the governance PDA.
    const supplyBefore = (await getMint(connection, deployment.mint, "confirmed")).supply;
    const { index } = await gov.propose({
      proposer: a.key.publicKey,
      operator: a.key.publicKey,
      instructions: [
        await client.payments.spendTreasury({ authority: pdaKey, destination: grantee.tokens, amount: SYNQ }),
        createMintToInstruction(deployment.mint, grantee.tokens, pdaKey, 5n * SYNQ),
      ],
      title: "Grant",
      descriptionUri: "https://synq.example/proposals/grant",
      options: { signers: [a.key] },
    });
    // B unstaked after the fee split vote: A (100) and C (50) carry it.
    for (const op of [a, c]) await gov.vote({ voter: op.key.publicKey, operator: op.key.publicKey, index, choice: "yes", options: { signers: [op.key] } });
    await warpUntil((await gov.tally(index)).votingEndsAt);
    const { eta } = await gov.finalizeProposal(index);
    await expectAnchorError(send(gov.execute(index)), "TimelockNotElapsed");
    await warpUntil(eta);
    await gov.executeProposal(index);
    assert.equal(await balance(grantee.tokens), 6n * SYNQ);
    assert.equal(await balance(treasury), treasuryBefore - SYNQ);
    assert.equal((await getMint(connection, deployment.mint, "confirmed")).supply, supplyBefore + 5n * SYNQ);
    for (const op of [a, c]) await send(gov.relinquishVote({ voter: op.key.publicKey, operator: op.key.publicKey, index }));
  });

  it("the guardian cancels a running proposal; its votes are released at once; nobody else may cancel", async () => {
    const gov = client.governance;
    const { index } = await gov.proposeParamChange({
      proposer: c.key.publicKey,
      operator: c.key.publicKey,
      program: "governance",
      params: { quorumBps: 1 },
      title: "Lower the quorum",
      descriptionUri: "https://synq.example/proposals/quorum",
      options: { signers: [c.key] },
    });
    await gov.vote({ voter: a.key.publicKey, operator: a.key.publicKey, index, choice: "yes", options: { signers: [a.key] } });
    // The proposer may not cancel once someone voted; a stranger never; the admin key neither.
    await expectAnchorError(send(gov.cancel({ signer: c.key.publicKey, index }), c.key), "CannotCancel");
    await expectAnchorError(send(gov.cancel({ signer: admin.publicKey, index }), admin), "CannotCancel");
    await expectAnchorError(send(gov.relinquishVote({ voter: a.key.publicKey, operator: a.key.publicKey, index })), "VoteStillOpen");
    await send(gov.cancel({ signer: guardian.publicKey, index }), guardian);
    assert.equal((await gov.tally(index)).state, "cancelled");
    await expectAnchorError(send(gov.castVote({ voter: c.key.publicKey, operator: c.key.publicKey, index, choice: "yes" }), c.key), "InvalidProposalState");
    await send(gov.relinquishVote({ voter: a.key.publicKey, operator: a.key.publicKey, index }));
    assert.equal(await gov.fetchVoteRecord(index, a.key.publicKey, a.key.publicKey), null);
    assert.equal((await client.governance.fetchConfig()).quorumBps, 3000);
  });
});
