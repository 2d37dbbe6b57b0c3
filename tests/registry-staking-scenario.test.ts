/**
 * Two operators and three delegators stake; node A answers its challenges, node B misses one
 * and is slashed through the registry's CPI into staking. Share values and QoS are asserted.
 */
import { type Keypair, type PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import { CHUNK_SIZE, StorageTree, registryPda, type SynqClient } from "@synq/sdk";

import {
  activateStakes,
  deployer,
  deployment,
  fundedKeypair,
  network,
  sleep,
  synqWallet,
  type SynqWallet,
} from "./support";

const SYNQ = 1_000_000_000n;

describe("registry + staking scenario over localnet", () => {
  let client: SynqClient;
  let authority: Keypair;

  const send = async (ix: Promise<TransactionInstruction>, ...signers: Keypair[]) => client.send(await ix, { signers });

  async function stake(who: SynqWallet, operator: PublicKey, amount: bigint): Promise<void> {
    await send(client.staking.stake({ owner: who.pubkey, operator, ownerTokens: who.tokens, amount }), who.key);
  }

  async function answer(operator: SynqWallet, storage: StorageTree, watcher: Keypair): Promise<void> {
    const sequence = (await client.registry.fetchNode(operator.pubkey))!.challengeSequence;
    await send(client.registry.issueChallenge(watcher.publicKey, operator.pubkey), watcher);
    const c = await client.registry.waitChallengeTarget(operator.pubkey, sequence);
    await send(client.registry.respondChallenge(operator.pubkey, sequence, storage.prove(c.chunkIndex, c.segmentIndex)), operator.key);
  }

  before(async () => {
    client = network().client;
    await deployment();
    authority = await deployer();
    await send(client.registry.setParams(authority.publicKey, { minStake: 10n * SYNQ, challengeIntervalSlots: 1, responseWindowSlots: 8 }), authority);
  });

  it("pays off for the node that proves its storage and slashes the one that does not", async () => {
    const a = await synqWallet(20n * SYNQ);
    const b = await synqWallet(20n * SYNQ);
    for (const op of [a, b]) {
      await send(client.staking.createPool({ operator: op.pubkey, commissionBps: 500 }), op.key);
      await stake(op, op.pubkey, 20n * SYNQ);
    }
    // Stake counts (and earns) after its warm-up.
    await activateStakes(client, [a, b].map((op) => ({ owner: op.pubkey, operator: op.pubkey })));
    for (const op of [a, b]) {
      await send(client.registry.registerNode(op.pubkey, { endpoint: "https://n.example", region: 1, capacityBytes: 1n << 30n, models: 1 }), op.key);
    }
    const d1 = await synqWallet(30n * SYNQ);
    const d2 = await synqWallet(50n * SYNQ);
    const d3 = await synqWallet(30n * SYNQ);
    await stake(d1, a.pubkey, 30n * SYNQ);
    await stake(d2, a.pubkey, 20n * SYNQ);
    await stake(d2, b.pubkey, 30n * SYNQ);
    await stake(d3, b.pubkey, 30n * SYNQ);
    await activateStakes(client, [
      { owner: d1.pubkey, operator: a.pubkey },
      { owner: d2.pubkey, operator: a.pubkey },
      { owner: d2.pubkey, operator: b.pubkey },
      { owner: d3.pubkey, operator: b.pubkey },
    ]);

    const storageA = new StorageTree(randomBytes(4 * CHUNK_SIZE));
    const storageB = new StorageTree(randomBytes(2 * CHUNK_SIZE + 1));
    await send(client.registry.commitStorage(a.pubkey, storageA.root, storageA.size), a.key);
    await send(client.registry.commitStorage(b.pubkey, storageB.root, storageB.size), b.key);
    const epoch = (await client.registry.fetchConfig()).reportEpochSeconds;
    for (const op of [a, b]) {
      await send(client.registry.submitReport(op.pubkey, { bytesTransferred: 10_000, sessionsServed: 3, uptimeSeconds: epoch }), op.key);
    }

    const watcher = await fundedKeypair();
    await answer(a, storageA, watcher);
    await answer(b, storageB, watcher);
    await sleep(800);
    await answer(a, storageA, watcher);
    // B misses its second challenge.
    const sequence = 1;
    await send(client.registry.issueChallenge(watcher.publicKey, b.pubkey), watcher);
    const missed = (await client.registry.fetchChallenge(registryPda.node(b.pubkey), sequence))!;
    while ((await network().connection.getSlot("confirmed")) <= missed.deadlineSlot.toNumber()) await sleep(400);
    await send(client.registry.expireChallenge(b.pubkey, sequence));

    const nodeA = (await client.registry.fetchNode(a.pubkey))!;
    const nodeB = (await client.registry.fetchNode(b.pubkey))!;
    assert.equal(nodeA.metrics.proofsPassed.toNumber(), 2);
    assert.equal(nodeA.metrics.proofsFailed.toNumber(), 0);
    assert.equal(nodeB.metrics.proofsPassed.toNumber(), 1);
    assert.equal(nodeB.metrics.proofsFailed.toNumber(), 1);
    assert.equal(nodeA.qosBps, 6000);
    assert.equal(nodeB.qosBps, 4800, "6000 x 0.8 after the miss");

    // Pool A untouched; pool B lost 1% of its 80 SYNQ, shared pro rata by share value.
    assert.equal(await client.staking.positionValue(a.pubkey, d1.pubkey), 30n * SYNQ);
    assert.equal(await client.staking.positionValue(a.pubkey, d2.pubkey), 20n * SYNQ);
    const poolB = (await client.staking.fetchPool(b.pubkey))!;
    assert.equal(BigInt(poolB.totalTokens.toString()), 80n * SYNQ - 8n * SYNQ / 10n);
    const d2b = await client.staking.positionValue(b.pubkey, d2.pubkey);
    const d3b = await client.staking.positionValue(b.pubkey, d3.pubkey);
    const ownB = await client.staking.positionValue(b.pubkey, b.pubkey);
    assert.equal(d2b, d3b);
    assert.ok(d2b <= 297n * SYNQ / 10n && d2b >= 297n * SYNQ / 10n - 1n, `${d2b}`);
    assert.ok(ownB <= 198n * SYNQ / 10n && ownB >= 198n * SYNQ / 10n - 1n, `${ownB}`);
  });
});
