/**
 * The registry section of the SDK: PDAs, typed account fetchers and instruction builders for
 * nodes, reports, storage commitments and challenges (docs/registry-staking.md).
 */
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, SystemProgram, SYSVAR_SLOT_HASHES_PUBKEY, type TransactionInstruction } from "@solana/web3.js";

import { challengeIndices, challengeSeed, seedSlot } from "./challenge";
import type { ChallengeProof } from "./merkle";
import { pdaOf } from "./pda";
import { programId, type SynqPrograms } from "./programs";
import { stakingPda } from "./staking";
import { toBn as bn, u64le, type Amount } from "./values";

type RegistryProgram = SynqPrograms["registry"];
export type RegistryConfigAccount = Awaited<ReturnType<RegistryProgram["account"]["registryConfig"]["fetch"]>>;
export type NodeAccount = Awaited<ReturnType<RegistryProgram["account"]["node"]["fetch"]>>;
export type ChallengeAccount = Awaited<ReturnType<RegistryProgram["account"]["challenge"]["fetch"]>>;


/** The segment an open challenge asks for, once its seed slot is hashed. */
export type ChallengeTarget = { status: "ready"; chunkIndex: bigint; segmentIndex: bigint; seedSlot: bigint } | { status: "pending" | "expired" };

/** Node statuses as Anchor encodes the `NodeStatus` enum. */
export const NodeStatus = {
  Pending: { pending: {} },
  Active: { active: {} },
  Paused: { paused: {} },
  Jailed: { jailed: {} },
  Deregistered: { deregistered: {} },
} as const;
export type NodeStatusName = keyof typeof NodeStatus;

/** The status name of a fetched node (`{ active: {} }` -> "Active"). */
export function nodeStatusName(status: object): NodeStatusName {
  const key = Object.keys(status)[0] ?? "";
  const name = (key.charAt(0).toUpperCase() + key.slice(1)) as NodeStatusName;
  if (!(name in NodeStatus)) throw new Error(`unknown node status ${key}`);
  return name;
}

/** Data models a node serves (`Node.models` bits). */
export const DataModel = { Kv: 1, Documents: 2, Vectors: 4, TimeSeries: 8 } as const;

export const registryPda = {
  config: (): PublicKey => pdaOf("registry", "CONFIG_SEED"),
  slasher: (): PublicKey => pdaOf("registry", "SLASHER_SEED"),
  node: (operator: PublicKey): PublicKey => pdaOf("registry", "NODE_SEED", operator),
  challenge: (node: PublicKey, sequence: Amount): PublicKey =>
    pdaOf("registry", "CHALLENGE_SEED", node, u64le(sequence)),
};

export interface QosParams {
  uptimeWeightBps: number;
  proofWeightBps: number;
  ewmaAlphaBps: number;
  missPenaltyBps: number;
  slashBps: number;
  maxSlashesPerEpoch: number;
  jailAfterMisses: number;
}

export interface RegistryParams {
  minStake?: Amount;
  challengeIntervalSlots?: Amount;
  responseWindowSlots?: Amount;
  reportEpochSeconds?: Amount;
  qos?: QosParams;
  authority?: PublicKey;
}

export interface NodeInfo {
  endpoint: string;
  region: number;
  capacityBytes: Amount;
  models: number;
}

const opt = <T, U>(value: T | undefined, map: (v: T) => U): U | null => (value === undefined ? null : map(value));

export class RegistrySection {
  readonly pda = registryPda;

  constructor(private readonly programs: SynqPrograms) {}

  private get program(): RegistryProgram {
    return this.programs.registry;
  }

  // ---------------------------------------------------------------- accounts

  fetchConfig(): Promise<RegistryConfigAccount> {
    return this.program.account.registryConfig.fetch(registryPda.config());
  }

  fetchNode(operator: PublicKey): Promise<NodeAccount | null> {
    return this.program.account.node.fetchNullable(registryPda.node(operator));
  }

  fetchChallenge(node: PublicKey, sequence: Amount): Promise<ChallengeAccount | null> {
    return this.program.account.challenge.fetchNullable(registryPda.challenge(node, sequence));
  }

  allNodes(): Promise<{ publicKey: PublicKey; account: NodeAccount }[]> {
    return this.program.account.node.all();
  }

  // ---------------------------------------------------------------- instructions

  setParams(authority: PublicKey, params: RegistryParams): Promise<TransactionInstruction> {
    return this.program.methods
      .setParams({
        minStake: opt(params.minStake, bn),
        challengeIntervalSlots: opt(params.challengeIntervalSlots, bn),
        responseWindowSlots: opt(params.responseWindowSlots, bn),
        reportEpochSeconds: opt(params.reportEpochSeconds, bn),
        qos: params.qos ?? null,
        authority: params.authority ?? null,
      })
      .accountsPartial({ authority, config: registryPda.config() })
      .instruction();
  }

  registerNode(operator: PublicKey, info: NodeInfo): Promise<TransactionInstruction> {
    return this.program.methods
      .registerNode({ endpoint: info.endpoint, region: info.region, capacityBytes: bn(info.capacityBytes), models: info.models })
      .accountsPartial({
        operator,
        config: registryPda.config(),
        pool: stakingPda.pool(operator),
        node: registryPda.node(operator),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  updateNode(operator: PublicKey, info: Partial<NodeInfo>): Promise<TransactionInstruction> {
    return this.program.methods
      .updateNode({
        endpoint: info.endpoint ?? null,
        region: info.region ?? null,
        capacityBytes: opt(info.capacityBytes, bn),
        models: info.models ?? null,
      })
      .accountsPartial({ operator, node: registryPda.node(operator) })
      .instruction();
  }

  /** Operator: Paused / Active. Config authority: Jailed, or Paused to release from jail. */
  setStatus(signer: PublicKey, operator: PublicKey, status: NodeStatusName): Promise<TransactionInstruction> {
    return this.program.methods
      .setStatus(NodeStatus[status])
      .accountsPartial({ signer, config: registryPda.config(), node: registryPda.node(operator), pool: stakingPda.pool(operator) })
      .instruction();
  }

  submitReport(
    operator: PublicKey,
    report: { bytesTransferred: Amount; sessionsServed: Amount; uptimeSeconds: Amount },
  ): Promise<TransactionInstruction> {
    return this.program.methods
      .submitReport({
        bytesTransferred: bn(report.bytesTransferred),
        sessionsServed: bn(report.sessionsServed),
        uptimeSeconds: bn(report.uptimeSeconds),
      })
      .accountsPartial({ operator, config: registryPda.config(), node: registryPda.node(operator) })
      .instruction();
  }

  commitStorage(operator: PublicKey, root: Uint8Array, size: Amount): Promise<TransactionInstruction> {
    return this.program.methods
      .commitStorage([...root], bn(size))
      .accountsPartial({ operator, config: registryPda.config(), node: registryPda.node(operator) })
      .instruction();
  }

  /** Opens the node's next challenge (sequence read from the node unless given). */
  async issueChallenge(challenger: PublicKey, operator: PublicKey, sequence?: Amount): Promise<TransactionInstruction> {
    const node = registryPda.node(operator);
    const next = sequence ?? (await this.program.account.node.fetch(node)).challengeSequence;
    return this.program.methods
      .issueChallenge()
      .accountsPartial({
        challenger,
        config: registryPda.config(),
        node,
        challenge: registryPda.challenge(node, next),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /**
   * The (chunk, segment) an open challenge asks for, once the slot after its issue slot is
   * hashed (`pending` until then; `expired` when SlotHashes no longer reaches back to it).
   */
  async challengeTarget(operator: PublicKey, sequence: Amount): Promise<ChallengeTarget> {
    const node = registryPda.node(operator);
    return this.targetOf(node, await this.program.account.challenge.fetch(registryPda.challenge(node, sequence), "confirmed"));
  }

  /** `challengeTarget`, polled until the seed slot is hashed (a slot or two after the issue). */
  async waitChallengeTarget(operator: PublicKey, sequence: Amount, timeoutMs = 30_000): Promise<{ chunkIndex: bigint; segmentIndex: bigint; seedSlot: bigint }> {
    const deadline = Date.now() + timeoutMs;
    const node = registryPda.node(operator);
    // The challenge does not change while it is open: read it once, then only SlotHashes.
    const challenge = await this.program.account.challenge.fetch(registryPda.challenge(node, sequence), "confirmed");
    for (;;) {
      const target = await this.targetOf(node, challenge);
      if (target.status === "ready") return target;
      if (target.status === "expired") throw new Error(`challenge ${sequence.toString()}: its seed slot has left SlotHashes`);
      if (Date.now() > deadline) throw new Error(`challenge ${sequence.toString()}: no slot after the issue slot was hashed within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async targetOf(node: PublicKey, challenge: ChallengeAccount): Promise<ChallengeTarget> {
    const sysvar = await this.program.provider.connection.getAccountInfo(SYSVAR_SLOT_HASHES_PUBKEY, "confirmed");
    if (!sysvar) throw new Error("the SlotHashes sysvar is missing");
    const seed = seedSlot(sysvar.data, BigInt(challenge.issuedSlot.toString()));
    if (seed.status !== "ready") return seed;
    const indices = challengeIndices(challengeSeed(seed.hash, node, BigInt(challenge.sequence.toString())), BigInt(challenge.chunkCount.toString()));
    return { status: "ready", ...indices, seedSlot: seed.slot };
  }

  async respondChallenge(operator: PublicKey, sequence: Amount, proof: ChallengeProof): Promise<TransactionInstruction> {
    const node = registryPda.node(operator);
    const challenge = registryPda.challenge(node, sequence);
    const { challenger } = await this.program.account.challenge.fetch(challenge);
    return this.program.methods
      .respondChallenge(proof)
      .accountsPartial({ operator, node, challenge, challenger, slotHashes: SYSVAR_SLOT_HASHES_PUBKEY })
      .instruction();
  }

  /** Anyone, after the deadline: records the miss and slashes the node's pool. */
  async expireChallenge(operator: PublicKey, sequence: Amount, mint?: PublicKey): Promise<TransactionInstruction> {
    const node = registryPda.node(operator);
    const challenge = registryPda.challenge(node, sequence);
    const { challenger } = await this.program.account.challenge.fetch(challenge);
    const pool = stakingPda.pool(operator);
    const stakeMint = mint ?? (await this.programs.staking.account.stakeConfig.fetch(stakingPda.config())).mint;
    return this.program.methods
      .expireChallenge()
      .accountsPartial({
        config: registryPda.config(),
        node,
        challenge,
        challenger,
        slasher: registryPda.slasher(),
        stakingConfig: stakingPda.config(),
        pool,
        vault: stakingPda.vault(pool),
        mint: stakeMint,
        tokenProgram: TOKEN_PROGRAM_ID,
        stakingProgram: programId("staking"),
      })
      .instruction();
  }

  deregister(operator: PublicKey): Promise<TransactionInstruction> {
    return this.program.methods
      .deregister()
      .accountsPartial({ operator, config: registryPda.config(), node: registryPda.node(operator), pool: stakingPda.pool(operator) })
      .instruction();
  }
}
