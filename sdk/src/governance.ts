/**
 * The governance section of the SDK: PDAs, typed accounts, stored-instruction building from
 * the target program's IDL, and proposal / vote / tally / execute helpers
 * (docs/governance.md).
 */
import type { Idl } from "@coral-xyz/anchor";
import { PublicKey, type TransactionInstruction, type TransactionSignature } from "@solana/web3.js";

import { RAW_IDLS, integerConstant } from "./idl";
import { pda, pdaOf } from "./pda";
import type { SynqPrograms } from "./programs";
import type { Sendable, SendOptions } from "./send";
import { stakingPda } from "./staking";
import { enumVariant, toBigInt as big, u64le, type Amount } from "./values";

type GovernanceProgram = SynqPrograms["governance"];
export type GovernanceConfigAccount = Awaited<ReturnType<GovernanceProgram["account"]["governanceConfig"]["fetch"]>>;
export type ProposalAccount = Awaited<ReturnType<GovernanceProgram["account"]["proposal"]["fetch"]>>;
export type VoteRecordAccount = Awaited<ReturnType<GovernanceProgram["account"]["voteRecord"]["fetch"]>>;


const BPS_DENOMINATOR = integerConstant("governance", "BPS_DENOMINATOR");
export const MAX_PROPOSAL_ACTIONS = Number(integerConstant("governance", "MAX_ACTIONS"));

export type VoteChoice = "yes" | "no" | "abstain";
const PROPOSAL_STATES = ["draft", "voting", "succeeded", "defeated", "queued", "executed", "cancelled", "expired"] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** A stored instruction as the program keeps it. */
export interface ProposalActionInput {
  programId: PublicKey;
  accounts: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[];
  data: Buffer;
}


export const governancePda = {
  config: pda.governanceConfig,
  authority: pda.governanceAuthority,
  proposal: (index: Amount): PublicKey =>
    pdaOf("governance", "PROPOSAL_SEED", governancePda.config(), u64le(index)),
  voteRecord: (proposal: PublicKey, position: PublicKey): PublicKey =>
    pdaOf("governance", "VOTE_SEED", proposal, position),
};

export type GovernableProgram = "registry" | "staking" | "paymentConfig" | "governance";

/** The config PDA each governable program's `set_params` takes. */
const CONFIG_PDAS: Record<GovernableProgram, () => PublicKey> = {
  registry: pda.registryConfig,
  staking: pda.stakingConfig,
  paymentConfig: pda.paymentConfig,
  governance: pda.governanceConfig,
};

/** The state enum as a name (`{ queued: {} }` -> "queued"). */
export function proposalStateName(state: object): ProposalStateName {
  return enumVariant(state, PROPOSAL_STATES, "proposal state");
}

/** A stored instruction from a built instruction (keeps signer / writable flags). */
export function actionFromInstruction(instruction: TransactionInstruction): ProposalActionInput {
  return {
    programId: instruction.programId,
    accounts: instruction.keys.map((k) => ({ pubkey: k.pubkey, isSigner: k.isSigner, isWritable: k.isWritable })),
    data: Buffer.from(instruction.data),
  };
}

/**
 * The field names of a program's `set_params` argument struct, read from its IDL (snake_case
 * as in Rust, camelCased here the way Anchor's coder expects them).
 */
export function setParamsFields(program: GovernableProgram): string[] {
  const idl: Idl = RAW_IDLS[program];
  const instruction = idl.instructions.find((i) => i.name === "set_params");
  if (instruction === undefined) throw new Error(`${program} has no set_params instruction`);
  const argType = instruction.args[0]?.type;
  const typeName = typeof argType === "object" && argType !== null && "defined" in argType ? argType.defined.name : undefined;
  const typeDef = (idl.types ?? []).find((t) => t.name === typeName);
  if (typeDef === undefined || typeDef.type.kind !== "struct" || typeDef.type.fields === undefined) {
    throw new Error(`${program} set_params argument type ${String(typeName)} not found in the IDL`);
  }
  return (typeDef.type.fields as { name: string }[]).map((f) => f.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
}

/** Yes / no / abstain totals and the outcome `finalize` would reach with them. */
export interface Tally {
  yes: bigint;
  no: bigint;
  abstain: bigint;
  total: bigint;
  /** Votes needed for quorum against the stake snapshot. */
  quorumVotes: bigint;
  quorumReached: boolean;
  approved: boolean;
  /** The state `finalize` sets after the voting period (passing ones with actions queue). */
  outcome: "passing" | "failing";
  state: ProposalStateName;
  votingEndsAt: number;
  eta: number;
}

/** The on-chain rule (finalize.rs), mirrored. */
export function tallyOf(proposal: ProposalAccount): Tally {
  const yes = big(proposal.yesWeight);
  const no = big(proposal.noWeight);
  const abstain = big(proposal.abstainWeight);
  const total = yes + no + abstain;
  const base = big(proposal.totalStakeSnapshot);
  const quorumBps = BigInt(proposal.quorumBps);
  const quorumVotes = (quorumBps * base + BPS_DENOMINATOR - 1n) / BPS_DENOMINATOR;
  const quorumReached = total > 0n && total * BPS_DENOMINATOR >= quorumBps * base;
  const approved = yes > 0n && yes * BPS_DENOMINATOR >= BigInt(proposal.approvalThresholdBps) * (yes + no);
  return {
    yes,
    no,
    abstain,
    total,
    quorumVotes,
    quorumReached,
    approved,
    outcome: quorumReached && approved ? "passing" : "failing",
    state: proposalStateName(proposal.state),
    votingEndsAt: proposal.votingEndsAt.toNumber(),
    eta: proposal.eta.toNumber(),
  };
}

export type Sender = (items: Sendable | readonly Sendable[], options?: SendOptions) => Promise<TransactionSignature>;

/** Who proposes what (one-call flows): `proposer`'s stake is in `operator`'s pool. */
export interface ProposalRequest {
  proposer: PublicKey;
  operator: PublicKey;
  title: string;
  descriptionUri: string;
  descriptionHash?: Uint8Array;
  /** Sync stale pools into the quorum base first (default true). */
  sync?: boolean;
  options?: SendOptions;
}

export interface ProposalSent {
  index: bigint;
  proposal: PublicKey;
  signature: TransactionSignature;
}

export class GovernanceSection {
  readonly pda = governancePda;

  constructor(
    private readonly programs: SynqPrograms,
    private readonly send: Sender,
  ) {}

  private get program(): GovernanceProgram {
    return this.programs.governance;
  }

  // ---------------------------------------------------------------- accounts

  fetchConfig(): Promise<GovernanceConfigAccount> {
    return this.program.account.governanceConfig.fetch(governancePda.config());
  }

  fetchProposal(index: Amount): Promise<ProposalAccount> {
    return this.program.account.proposal.fetch(governancePda.proposal(index));
  }

  fetchVoteRecord(index: Amount, operator: PublicKey, owner: PublicKey): Promise<VoteRecordAccount | null> {
    const position = stakingPda.position(stakingPda.pool(operator), owner);
    return this.program.account.voteRecord.fetchNullable(governancePda.voteRecord(governancePda.proposal(index), position));
  }

  async tally(index: Amount): Promise<Tally> {
    return tallyOf(await this.fetchProposal(index));
  }

  // ---------------------------------------------------------------- stored instructions

  /**
   * `program.set_params(params)` signed by `authority`, every field not in `params` `None`.
   * Field names and types come from the program's IDL through Anchor's coder.
   */
  async setParamsInstruction(
    program: GovernableProgram,
    authority: PublicKey,
    params: Record<string, unknown>,
  ): Promise<TransactionInstruction> {
    const fields = setParamsFields(program);
    for (const key of Object.keys(params)) {
      if (!fields.includes(key)) throw new Error(`${program}.set_params has no field ${key} (fields: ${fields.join(", ")})`);
    }
    const args: Record<string, unknown> = {};
    for (const field of fields) args[field] = params[field] ?? null;
    const config = CONFIG_PDAS[program];
    // Every governable program's set_params takes { authority, config }.
    const methods = this.programs[program].methods as unknown as Record<
      string,
      | ((args: unknown) => { accountsPartial(accounts: Record<string, PublicKey>): { instruction(): Promise<TransactionInstruction> } })
      | undefined
    >;
    const setParams = methods.setParams;
    if (setParams === undefined) throw new Error(`${program} has no set_params`);
    return setParams(args).accountsPartial({ authority, config: config() }).instruction();
  }

  /** A stored instruction: `program.set_params(params)` signed by the governance authority PDA. */
  async setParamsAction(program: GovernableProgram, params: Record<string, unknown>): Promise<ProposalActionInput> {
    return actionFromInstruction(await this.setParamsInstruction(program, governancePda.authority(), params));
  }

  // ---------------------------------------------------------------- instructions

  /** Proposal `index` (default: the next one) by `proposer`, whose stake is in `operator`'s pool. */
  async createProposal(args: {
    proposer: PublicKey;
    operator: PublicKey;
    title: string;
    descriptionUri: string;
    descriptionHash?: Uint8Array;
    index?: Amount;
  }): Promise<{ index: bigint; proposal: PublicKey; instruction: TransactionInstruction }> {
    const index = args.index === undefined ? big((await this.fetchConfig()).proposalCount) : big(args.index);
    const proposal = governancePda.proposal(index);
    const pool = stakingPda.pool(args.operator);
    const instruction = await this.program.methods
      .createProposal({
        title: args.title,
        descriptionUri: args.descriptionUri,
        descriptionHash: Array.from(args.descriptionHash ?? new Uint8Array(32)),
      })
      .accountsPartial({
        proposer: args.proposer,
        config: governancePda.config(),
        proposal,
        pool,
        position: stakingPda.position(pool, args.proposer),
      })
      .instruction();
    return { index, proposal, instruction };
  }

  addAction(args: { proposer: PublicKey; index: Amount; action: ProposalActionInput }): Promise<TransactionInstruction> {
    return this.program.methods
      .addAction(args.action)
      .accountsPartial({ proposer: args.proposer, config: governancePda.config(), proposal: governancePda.proposal(args.index) })
      .instruction();
  }

  startVoting(args: { proposer: PublicKey; index: Amount }): Promise<TransactionInstruction> {
    return this.program.methods
      .startVoting()
      .accountsPartial({
        proposer: args.proposer,
        config: governancePda.config(),
        proposal: governancePda.proposal(args.index),
        stakingConfig: stakingPda.config(),
      })
      .instruction();
  }

  castVote(args: { voter: PublicKey; operator: PublicKey; index: Amount; choice: VoteChoice }): Promise<TransactionInstruction> {
    const pool = stakingPda.pool(args.operator);
    const position = stakingPda.position(pool, args.voter);
    const proposal = governancePda.proposal(args.index);
    const choice = { [args.choice]: {} } as never;
    return this.program.methods
      .castVote(choice)
      .accountsPartial({
        voter: args.voter,
        config: governancePda.config(),
        proposal,
        pool,
        position,
        voteRecord: governancePda.voteRecord(proposal, position),
        governanceAuthority: governancePda.authority(),
        stakingConfig: stakingPda.config(),
      })
      .instruction();
  }

  relinquishVote(args: { voter: PublicKey; operator: PublicKey; index: Amount }): Promise<TransactionInstruction> {
    const position = stakingPda.position(stakingPda.pool(args.operator), args.voter);
    const proposal = governancePda.proposal(args.index);
    return this.program.methods
      .relinquishVote()
      .accountsPartial({
        voter: args.voter,
        config: governancePda.config(),
        proposal,
        voteRecord: governancePda.voteRecord(proposal, position),
        position,
        governanceAuthority: governancePda.authority(),
        stakingConfig: stakingPda.config(),
      })
      .instruction();
  }

  finalize(index: Amount): Promise<TransactionInstruction> {
    return this.program.methods
      .finalize()
      .accountsPartial({ config: governancePda.config(), proposal: governancePda.proposal(index) })
      .instruction();
  }

  /**
   * `execute` with every account of the stored instructions as remaining accounts (program ids
   * read-only, metas writable where stored so; nothing signs but the PDA, by the program).
   */
  async execute(index: Amount, proposal?: ProposalAccount): Promise<TransactionInstruction> {
    const stored = proposal ?? (await this.fetchProposal(index));
    const remaining = new Map<string, { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }>();
    const add = (pubkey: PublicKey, isWritable: boolean): void => {
      const seen = remaining.get(pubkey.toBase58());
      remaining.set(pubkey.toBase58(), { pubkey, isSigner: false, isWritable: isWritable || (seen?.isWritable ?? false) });
    };
    for (const action of stored.actions) {
      add(action.programId, false);
      for (const meta of action.accounts) add(meta.pubkey, meta.isWritable);
    }
    return this.program.methods
      .execute()
      .accountsPartial({
        config: governancePda.config(),
        proposal: governancePda.proposal(index),
        governanceAuthority: governancePda.authority(),
      })
      .remainingAccounts([...remaining.values()])
      .instruction();
  }

  cancel(args: { signer: PublicKey; index: Amount }): Promise<TransactionInstruction> {
    return this.program.methods
      .cancel()
      .accountsPartial({ signer: args.signer, config: governancePda.config(), proposal: governancePda.proposal(args.index) })
      .instruction();
  }

  /**
   * `sync_stake` for every pool whose rewards or slashes are not yet counted in the quorum base
   * (`total_staked`), i.e. `countedTokens != totalTokens`.
   */
  async syncStakeInstructions(): Promise<TransactionInstruction[]> {
    const pools = await this.programs.staking.account.stakePool.all();
    const stale = pools.filter((pool) => !pool.account.countedTokens.eq(pool.account.totalTokens));
    return Promise.all(
      stale.map((pool) =>
        this.programs.staking.methods
          .syncStake()
          .accountsPartial({ config: stakingPda.config(), pool: pool.publicKey })
          .instruction(),
      ),
    );
  }

  // ---------------------------------------------------------------- one-call flows (send)

  /**
   * Proposes in one call: syncs stale pools into the quorum base, then creates the proposal,
   * stores `instructions` (each signed by the governance authority PDA when executed: treasury
   * spends, mints, any program's `set_params`) and opens the vote in one transaction.
   * `proposer` must sign (pass it in `options.signers` unless it is the wallet).
   */
  async propose(args: ProposalRequest & { instructions: TransactionInstruction[] }): Promise<ProposalSent> {
    if (args.sync ?? true) {
      const syncs = await this.syncStakeInstructions();
      for (let i = 0; i < syncs.length; i += 10) await this.send(syncs.slice(i, i + 10));
    }
    const { index, proposal, instruction } = await this.createProposal(args);
    const adds = await Promise.all(
      args.instructions.map((ix) => this.addAction({ proposer: args.proposer, index, action: actionFromInstruction(ix) })),
    );
    const signature = await this.send([instruction, ...adds, await this.startVoting({ proposer: args.proposer, index })], args.options);
    return { index, proposal, signature };
  }

  /** `propose` with one stored `program.set_params(params)`. */
  async proposeParamChange(args: ProposalRequest & { program: GovernableProgram; params: Record<string, unknown> }): Promise<ProposalSent> {
    const instruction = await this.setParamsInstruction(args.program, governancePda.authority(), args.params);
    return this.propose({ ...args, instructions: [instruction] });
  }

  /** Votes with the signer's position in `operator`'s pool. */
  async vote(args: { voter: PublicKey; operator: PublicKey; index: Amount; choice: VoteChoice; options?: SendOptions }): Promise<TransactionSignature> {
    return this.send(await this.castVote(args), args.options);
  }

  /** Finalizes (after the voting period) and returns the new tally. */
  async finalizeProposal(index: Amount, options?: SendOptions): Promise<Tally> {
    await this.send(await this.finalize(index), options);
    return this.tally(index);
  }

  /** Executes a queued proposal (after its timelock). */
  async executeProposal(index: Amount, options?: SendOptions): Promise<TransactionSignature> {
    return this.send(await this.execute(index), options);
  }
}
