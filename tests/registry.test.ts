/**
 * The registry program over localnet through the SDK's `registry` section: registration,
 * status, reports, storage commitments and challenges answered with `StorageTree` proofs.
 */
import { type Keypair, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import {
  CHUNK_SIZE,
  StorageTree,
  nodeStatusName,
  registryPda,
  verifyChallengeProof,
  type SynqClient,
} from "@synq/sdk";

import {
  activateStakes,
  deployer,
  deployment,
  expectAnchorError,
  fundedKeypair,
  mintTo,
  network,
  sleep,
  tokenAccount,
  waitSlots,
} from "./support";

const SYNQ = 1_000_000_000n;
const MIN_STAKE = 10n * SYNQ;
const WINDOW_SLOTS = 8;
/** Operator status changes wait challenge_interval_slots (1) + response_window_slots. */
const COOLDOWN_SLOTS = 1 + WINDOW_SLOTS;

interface Operator {
  key: Keypair;
  tokens: PublicKey;
  pubkey: PublicKey;
}

async function send(client: SynqClient, ix: Promise<TransactionInstruction>, ...signers: Keypair[]): Promise<string> {
  return client.send(await ix, { signers });
}

/** An operator with a pool holding `stake` of its own, optionally registered. */
async function operatorWith(client: SynqClient, stake: bigint, register: boolean): Promise<Operator> {
  const { mint } = await deployment();
  const key = await fundedKeypair();
  const tokens = await tokenAccount(mint, key.publicKey);
  const pubkey = key.publicKey;
  await mintTo(mint, tokens, stake > 0n ? stake : 1n, await deployer());
  await send(client, client.staking.createPool({ operator: pubkey, commissionBps: 500 }), key);
  if (stake > 0n) {
    await send(client, client.staking.stake({ owner: pubkey, operator: pubkey, ownerTokens: tokens, amount: stake }), key);
    await activateStakes(client, [{ owner: pubkey, operator: pubkey }]);
  }
  if (register) {
    await send(client, client.registry.registerNode(pubkey, { endpoint: "https://node.example", region: 276, capacityBytes: 1n << 40n, models: 0b1111 }), key);
  }
  return { key, tokens, pubkey };
}

describe("registry over localnet", () => {
  let client: SynqClient;
  let authority: Keypair;

  before(async () => {
    client = network().client;
    await deployment();
    authority = await deployer();
    await send(
      client,
      client.registry.setParams(authority.publicKey, { minStake: MIN_STAKE, challengeIntervalSlots: 1, responseWindowSlots: WINDOW_SLOTS }),
      authority,
    );
  });

  it("refuses set_params from a stranger", async () => {
    const stranger = await fundedKeypair();
    await expectAnchorError(send(client, client.registry.setParams(stranger.publicKey, { minStake: 1 }), stranger), "ConstraintHasOne");
  });

  it("registers only with the minimum stake in the operator's own pool", async () => {
    const poor = await operatorWith(client, MIN_STAKE - 1n, false);
    const info = { endpoint: "https://poor.example", region: 1, capacityBytes: 1, models: 1 };
    await expectAnchorError(send(client, client.registry.registerNode(poor.pubkey, info), poor.key), "InsufficientStake");
    const rich = await operatorWith(client, MIN_STAKE, false);
    // Someone else's pool: the PDA check refuses it.
    const ix = await client.registry.registerNode(poor.pubkey, info);
    ix.keys[2].pubkey = client.staking.pda.pool(rich.pubkey);
    await expectAnchorError(client.send(ix, { signers: [poor.key] }), "ConstraintSeeds");
    await expectAnchorError(send(client, client.registry.registerNode(rich.pubkey, { ...info, endpoint: "x".repeat(129) }), rich.key), "InvalidEndpoint");
    await send(client, client.registry.registerNode(rich.pubkey, { ...info, endpoint: "h".repeat(128) }), rich.key);
    const node = await client.registry.fetchNode(rich.pubkey);
    assert.ok(node);
    assert.equal(nodeStatusName(node.status), "Active");
    assert.equal(node.qosBps, 5000);
    assert.ok(node.pool.equals(client.staking.pda.pool(rich.pubkey)));

    await send(client, client.registry.updateNode(rich.pubkey, { endpoint: "https://rich.example" }), rich.key);
    assert.equal((await client.registry.fetchNode(rich.pubkey))?.endpoint, "https://rich.example");
    const stranger = await fundedKeypair();
    const update = await client.registry.updateNode(stranger.publicKey, { region: 2 });
    update.keys[1].pubkey = registryPda.node(rich.pubkey);
    await expectAnchorError(client.send(update, { signers: [stranger] }), "ConstraintSeeds");
  });

  it("lets the operator pause/resume and the authority jail", async () => {
    const op = await operatorWith(client, MIN_STAKE, true);
    const stranger = await fundedKeypair();
    await expectAnchorError(send(client, client.registry.setStatus(stranger.publicKey, op.pubkey, "Paused"), stranger), "InvalidStatusTransition");
    // Registered (a status change) just now: a pause must wait out the cooldown.
    await expectAnchorError(send(client, client.registry.setStatus(op.pubkey, op.pubkey, "Paused"), op.key), "StatusCooldown");
    await waitSlots(COOLDOWN_SLOTS);
    await send(client, client.registry.setStatus(op.pubkey, op.pubkey, "Paused"), op.key);
    await waitSlots(COOLDOWN_SLOTS);
    await send(client, client.registry.setStatus(op.pubkey, op.pubkey, "Active"), op.key);
    await send(client, client.registry.setStatus(authority.publicKey, op.pubkey, "Jailed"), authority);
    await sleep(1_000); // same instruction as the resume above: wait for a new blockhash
    await expectAnchorError(send(client, client.registry.setStatus(op.pubkey, op.pubkey, "Active"), op.key), "InvalidStatusTransition");
    await send(client, client.registry.setStatus(authority.publicKey, op.pubkey, "Paused"), authority);
    assert.equal(nodeStatusName((await client.registry.fetchNode(op.pubkey))!.status), "Paused");
  });

  it("takes one report per epoch and moves QoS as an EWMA", async () => {
    const op = await operatorWith(client, MIN_STAKE, true);
    const config = await client.registry.fetchConfig();
    const epochSeconds = BigInt(config.reportEpochSeconds.toString());
    const report = { bytesTransferred: 1_000_000, sessionsServed: 42, uptimeSeconds: epochSeconds };
    await expectAnchorError(send(client, client.registry.submitReport(op.pubkey, { ...report, uptimeSeconds: epochSeconds + 1n }), op.key), "InvalidUptime");
    // Full uptime claimed with nothing committed: no proof score, and uptime counts only as far
    // as proofs support it, so QoS falls instead of rising.
    const idle = await operatorWith(client, MIN_STAKE, true);
    await send(client, client.registry.submitReport(idle.pubkey, report), idle.key);
    assert.equal((await client.registry.fetchNode(idle.pubkey))?.qosBps, 4000, "0.2 * 0 + 0.8 * 5000");
    const storage = new StorageTree(randomBytes(CHUNK_SIZE));
    await send(client, client.registry.commitStorage(op.pubkey, storage.root, storage.size), op.key);
    await send(client, client.registry.submitReport(op.pubkey, report), op.key);
    // A different report (not a replay of the same transaction) in the same epoch.
    await expectAnchorError(send(client, client.registry.submitReport(op.pubkey, { ...report, sessionsServed: 1 }), op.key), "AlreadyReported");
    const node = await client.registry.fetchNode(op.pubkey);
    assert.equal(node?.qosBps, 6000, "0.2 * 10000 + 0.8 * 5000");
    assert.equal(node?.metrics.sessionsServed.toNumber(), 42);
  });

  it("answers a challenge with a StorageTree proof; refuses wrong proofs and late answers; expiry slashes", async () => {
    const op = await operatorWith(client, 100n * SYNQ, true);
    const node = registryPda.node(op.pubkey);
    const challenger = await fundedKeypair();
    await expectAnchorError(send(client, client.registry.issueChallenge(challenger.publicKey, op.pubkey), challenger), "NoCommitment");
    const storage = new StorageTree(randomBytes(5 * CHUNK_SIZE + 123));
    await send(client, client.registry.commitStorage(op.pubkey, storage.root, storage.size), op.key);
    await expectAnchorError(send(client, client.registry.issueChallenge(op.pubkey, op.pubkey), op.key), "SelfChallenge");

    await send(client, client.registry.issueChallenge(challenger.publicKey, op.pubkey), challenger);
    const challenge = await client.registry.fetchChallenge(node, 0);
    assert.ok(challenge);
    assert.deepEqual(challenge.root, [...storage.root]);
    // The segment asked for follows from a slot hashed after the issue: nothing to answer yet
    // in the issue slot, then the SDK reads it from SlotHashes as the program will.
    const { chunkIndex, segmentIndex, seedSlot } = await client.registry.waitChallengeTarget(op.pubkey, 0);
    assert.ok(seedSlot > BigInt(challenge.issuedSlot.toString()));
    const proof = storage.prove(chunkIndex, segmentIndex);
    assert.ok(verifyChallengeProof(storage.root, chunkIndex, segmentIndex, proof));

    const wrong = storage.prove(chunkIndex, (segmentIndex + 1n) % 64n);
    await expectAnchorError(send(client, client.registry.respondChallenge(op.pubkey, 0, wrong), op.key), "InvalidProof");
    await expectAnchorError(send(client, client.registry.expireChallenge(op.pubkey, 0)), "ChallengeNotExpired");
    await send(client, client.registry.respondChallenge(op.pubkey, 0, proof), op.key);
    assert.equal((await client.registry.fetchNode(op.pubkey))?.metrics.proofsPassed.toNumber(), 1);
    assert.equal(await client.registry.fetchChallenge(node, 0), null, "closed");

    // Second challenge: answered too late, then expired by anyone.
    await sleep(1_000);
    await send(client, client.registry.issueChallenge(challenger.publicKey, op.pubkey), challenger);
    const late = await client.registry.fetchChallenge(node, 1);
    assert.ok(late);
    const target = await client.registry.waitChallengeTarget(op.pubkey, 1);
    while ((await network().connection.getSlot("confirmed")) <= late.deadlineSlot.toNumber()) await sleep(400);
    await expectAnchorError(
      send(client, client.registry.respondChallenge(op.pubkey, 1, storage.prove(target.chunkIndex, target.segmentIndex)), op.key),
      "ChallengeDeadlinePassed",
    );
    await send(client, client.registry.expireChallenge(op.pubkey, 1));
    const after = await client.registry.fetchNode(op.pubkey);
    assert.equal(after?.metrics.proofsFailed.toNumber(), 1);
    assert.equal(after?.qosBps, 4000, "5000 * 0.8");
    const pool = await client.staking.fetchPool(op.pubkey);
    assert.equal(pool?.totalSlashed.toString(), (SYNQ).toString(), "1% of 100 SYNQ burnt");
  });

  it("deregisters only without stake", async () => {
    const op = await operatorWith(client, MIN_STAKE, true);
    await expectAnchorError(send(client, client.registry.deregister(op.pubkey), op.key), "StillStaked");
    const position = await client.staking.fetchPosition(op.pubkey, op.pubkey);
    await send(client, client.staking.requestUnstake({ owner: op.pubkey, operator: op.pubkey, shares: BigInt(position!.shares.toString()) }), op.key);
    await send(client, client.registry.deregister(op.pubkey), op.key);
    assert.equal(await client.registry.fetchNode(op.pubkey), null);
  });
});
