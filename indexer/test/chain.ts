/**
 * Chain-side helpers for the indexer tests: a registry/staking scenario through the SDK, echo
 * transactions, and the comparison of the indexer's tables with getProgramAccounts decoded by
 * Anchor's own coder (an independent decoder).
 */
import { BN, BorshCoder, type Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Pool } from "pg";

import { CHUNK_SIZE, PROGRAM_KEYS, RAW_IDLS, StorageTree, registryPda, type SynqClient } from "@synq/sdk";

import { activateStakes, network, type SynqWallet } from "../../tests/support";
import { loadPrograms } from "../src/idl";
import { programLayout } from "../src/layout";
import { camelKeys, normalizeAnchor } from "./support";

export const SYNQ = 1_000_000_000n;

export async function send(client: SynqClient, ix: Promise<TransactionInstruction> | TransactionInstruction, ...signers: Keypair[]): Promise<string> {
  return client.send(await ix, { signers });
}

/** Pool + stake + registered node + storage commitment + one report. Returns the signatures. */
export async function bringUpNode(client: SynqClient, op: SynqWallet, stake: bigint, uptimeFraction: number): Promise<{ storage: StorageTree; signatures: string[] }> {
  const signatures: string[] = [];
  signatures.push(await send(client, client.staking.createPool({ operator: op.pubkey, commissionBps: 500 }), op.key));
  signatures.push(await send(client, client.staking.stake({ owner: op.pubkey, operator: op.pubkey, ownerTokens: op.tokens, amount: stake }), op.key));
  await activateStakes(client, [{ owner: op.pubkey, operator: op.pubkey }]);
  signatures.push(
    await send(client, client.registry.registerNode(op.pubkey, { endpoint: `https://${op.pubkey.toBase58().slice(0, 8)}.example`, region: 3, capacityBytes: 1n << 30n, models: 5 }), op.key),
  );
  const storage = new StorageTree(randomBytes(3 * CHUNK_SIZE));
  signatures.push(await send(client, client.registry.commitStorage(op.pubkey, storage.root, storage.size), op.key));
  const epoch = Number((await client.registry.fetchConfig()).reportEpochSeconds);
  signatures.push(
    await send(client, client.registry.submitReport(op.pubkey, { bytesTransferred: 12_345, sessionsServed: 7, uptimeSeconds: Math.floor(epoch * uptimeFraction) }), op.key),
  );
  return { storage, signatures };
}

/** Issues a challenge and answers it (the Challenge account is closed by the answer). */
export async function answeredChallenge(client: SynqClient, op: SynqWallet, storage: StorageTree, watcher: Keypair): Promise<{ challenge: PublicKey; signatures: string[] }> {
  const node = registryPda.node(op.pubkey);
  const sequence = (await client.registry.fetchNode(op.pubkey))!.challengeSequence;
  const issued = await send(client, client.registry.issueChallenge(watcher.publicKey, op.pubkey), watcher);
  const c = await client.registry.waitChallengeTarget(op.pubkey, sequence);
  const challenge = registryPda.challenge(node, sequence);
  const answered = await send(client, client.registry.respondChallenge(op.pubkey, sequence, storage.prove(c.chunkIndex, c.segmentIndex)), op.key);
  return { challenge, signatures: [issued, answered] };
}

export async function echo(client: SynqClient, value: number, note: string): Promise<string> {
  const ix = await client.programs.runtimeProbe.methods.echo(new BN(value), note).accounts({ caller: network().wallet.publicKey }).instruction();
  return client.send(ix);
}

/**
 * The events in a transaction's logs, decoded by Anchor's own coder: every `Program data:` line
 * that one of the programs' IDL events decodes, in order. (Anchor's EventParser is not used: it
 * skips events a program emits under CPI, such as staking's VoteLockChanged inside governance's
 * cast_vote, which the indexer does record.)
 */
export async function anchorEvents(signature: string): Promise<{ name: string; data: unknown }[]> {
  const tx = await network().connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  assert.ok(tx !== null, `transaction ${signature} not found`);
  if (tx.meta?.err) return [];
  const coders = PROGRAM_KEYS.map((key) => new BorshCoder(RAW_IDLS[key] as Idl));
  const out: { name: string; data: unknown }[] = [];
  for (const line of tx.meta?.logMessages ?? []) {
    if (!line.startsWith("Program data: ")) continue;
    const payload = line.slice("Program data: ".length).split(" ")[0]!;
    for (const coder of coders) {
      const event = coder.events.decode(payload);
      if (event !== null) {
        out.push({ name: event.name, data: normalizeAnchor(event.data) });
        break;
      }
    }
  }
  return out;
}

/**
 * For every account type of every program: the indexer's live rows equal getProgramAccounts
 * decoded by Anchor's coder (same addresses, same values), and no row is missing or extra.
 */
export async function compareWithChain(pool: Pool): Promise<number> {
  const { connection } = network();
  let compared = 0;
  for (const program of loadPrograms().map(programLayout)) {
    const coder = new BorshCoder(program.program.idl as unknown as Idl);
    const chain = await connection.getProgramAccounts(new PublicKey(program.program.address), "confirmed");
    for (const layout of program.accounts) {
      const expected = new Map<string, unknown>();
      for (const { pubkey, account } of chain) {
        if (!account.data.subarray(0, 8).equals(layout.discriminator)) continue;
        expected.set(pubkey.toBase58(), normalizeAnchor(coder.accounts.decode(layout.account, account.data)));
      }
      const { rows } = await pool.query<{ address: string; data: unknown }>(`SELECT address, data FROM "${layout.table}" WHERE NOT closed`);
      const actual = new Map(rows.map((r) => [r.address, camelKeys(r.data)]));
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${layout.table}: addresses differ from getProgramAccounts`);
      for (const [address, value] of expected) {
        assert.deepEqual(camelKeys(actual.get(address)), camelKeys(value), `${layout.table} ${address} differs from the chain`);
        compared += 1;
      }
    }
  }
  return compared;
}
