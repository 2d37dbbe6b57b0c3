/**
 * `synq gov list|show|propose|vote|finalize|execute`: stake-weighted governance
 * (docs/governance.md). A parameter change is proposed by name; the SDK builds the stored
 * `set_params` from the program's IDL, so nothing of a program's rules is re-typed here.
 */
import { tallyOf, proposalStateName, toBn, type GovernableProgram, type ProposalAccount, type SynqClient, type VoteChoice } from "@synq/sdk";

import { parseCount, parseSynq, synqDecimals } from "../amounts";
import { UsageError, type Command, type Flags } from "../cli";
import { operatorOf } from "./staking";

type Flag = { type: "string" | "boolean"; help: string };

/** A named parameter change: its flags and the `set_params` fields they set (u64s as BN, for Anchor's coder). */
interface ParamChange {
  program: GovernableProgram;
  flags: Record<string, Flag>;
  params(flags: Flags, client: SynqClient): Promise<Record<string, unknown>>;
}

function bps(flags: Flags, name: string): number {
  const text = flags[name];
  if (typeof text !== "string" || !/^\d{1,5}$/.test(text) || Number(text) > 10_000) throw new UsageError(`--${name} must be basis points 0..10000`);
  return Number(text);
}

function seconds(flags: Flags, name: string): bigint {
  const text = flags[name];
  if (typeof text !== "string") throw new UsageError(`--${name} is required`);
  return parseCount(text, `--${name}`, 0n);
}

export const PARAM_CHANGES: Record<string, ParamChange> = {
  "set-fee-split": {
    program: "paymentConfig",
    flags: { operators: { type: "string", help: "operators' share, bps" }, treasury: { type: "string", help: "treasury share, bps" }, burn: { type: "string", help: "burned share, bps (the three sum to 10000)" } },
    params: async (f) => ({ feeSplit: { operatorsBps: bps(f, "operators"), treasuryBps: bps(f, "treasury"), burnBps: bps(f, "burn") } }),
  },
  "set-epoch-length": {
    program: "paymentConfig",
    flags: { seconds: { type: "string", help: "payment epoch length in seconds (one hour to 30 days)" } },
    params: async (f) => ({ epochLengthSeconds: toBn(seconds(f, "seconds")) }),
  },
  "set-credit-rate": {
    program: "paymentConfig",
    flags: { rate: { type: "string", help: "credits per $SYNQ base unit" } },
    params: async (f) => ({ creditRate: toBn(seconds(f, "rate")) }),
  },
  "set-min-stake": {
    program: "registry",
    flags: { amount: { type: "string", help: "minimum stake of an Active node, in $SYNQ" } },
    params: async (f, client) => ({ minStake: toBn(parseSynq(String(f.amount ?? ""), await synqDecimals(client), "--amount")) }),
  },
};

const CHOICES: readonly VoteChoice[] = ["yes", "no", "abstain"];
const NODE_FLAG = { node: { type: "string" as const, help: "the node (registry address or operator) whose pool holds the wallet's stake (required)" } };

function summary(p: ProposalAccount): Record<string, unknown> {
  const tally = tallyOf(p);
  return { index: BigInt(p.index.toString()), title: p.title, state: proposalStateName(p.state), yes: tally.yes, no: tally.no, abstain: tally.abstain, quorumVotes: tally.quorumVotes, outcome: tally.outcome, votingEndsAt: tally.votingEndsAt, eta: tally.eta, actions: p.actions.length, proposer: p.proposer, descriptionUri: p.descriptionUri };
}

function line(s: Record<string, unknown>): string {
  return `#${String(s.index)} ${String(s.state).padEnd(9)} yes ${String(s.yes)} / no ${String(s.no)} / abstain ${String(s.abstain)} (quorum ${String(s.quorumVotes)}): ${String(s.title)}`;
}

function index(text: string): bigint {
  return parseCount(text, "ID", 0n);
}

export const govCommands: Command[] = [
  {
    path: ["gov", "list"],
    summary: "Every proposal with its state and live tally.",
    async run(ctx) {
      const all = await ctx.client.programs.governance.account.proposal.all();
      const rows = all.map((p) => summary(p.account)).sort((a, b) => (BigInt(a.index as bigint) < BigInt(b.index as bigint) ? -1 : 1));
      return { json: { proposals: rows }, text: rows.length === 0 ? ["no proposals yet"] : rows.map(line) };
    },
  },
  {
    path: ["gov", "show"],
    summary: "One proposal: its tally, times and stored actions.",
    args: ["ID"],
    async run(ctx, _flags, [id]) {
      const proposal = await ctx.client.governance.fetchProposal(index(id)).catch(() => null);
      if (proposal === null) throw new UsageError(`no proposal ${id}`);
      const s = summary(proposal);
      const actions = proposal.actions.map((a) => ({ programId: a.programId, accounts: a.accounts.length, dataBytes: a.data.length }));
      return {
        json: { ...s, actions },
        text: [
          line(s),
          `voting ends ${new Date(Number(s.votingEndsAt) * 1000).toISOString()}${Number(s.eta) > 0 ? `, executable from ${new Date(Number(s.eta) * 1000).toISOString()}` : ""} (chain time); outcome with these votes: ${String(s.outcome)}`,
          ...actions.map((a, i) => `action ${i}: program ${a.programId.toBase58()}, ${a.accounts} accounts, ${a.dataBytes} bytes`),
        ],
      };
    },
  },
  {
    path: ["gov", "propose"],
    summary: "Proposes a parameter change by name, with the wallet's stake in a node's pool, and opens the vote.",
    args: ["CHANGE"],
    flags: {
      ...NODE_FLAG,
      title: { type: "string", help: "the proposal's title (required)" },
      uri: { type: "string", help: "where its description lives (default: none)" },
      ...Object.assign({}, ...Object.values(PARAM_CHANGES).map((c) => c.flags)),
    },
    details: `CHANGE is one of:\n${Object.entries(PARAM_CHANGES).map(([name, c]) => `  ${name} ${Object.keys(c.flags).map((f) => `--${f} N`).join(" ")}`).join("\n")}`,
    async run(ctx, flags, [name]) {
      const change = PARAM_CHANGES[name];
      if (change === undefined) throw new UsageError(`unknown change "${name}": ${Object.keys(PARAM_CHANGES).join(", ")}`);
      const stray = Object.keys(flags).find((f) => !(f in change.flags) && !["node", "title", "uri", "json", "keypair", "rpc-url"].includes(f));
      if (stray !== undefined) throw new UsageError(`--${stray} is not a flag of ${name}`);
      if (typeof flags.title !== "string" || flags.title.length === 0) throw new UsageError("--title is required");
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const params = await change.params(flags, client);
      const sent = await client.governance.proposeParamChange({
        proposer: client.provider.wallet.publicKey,
        operator,
        title: flags.title,
        descriptionUri: typeof flags.uri === "string" ? flags.uri : "",
        program: change.program,
        params,
      });
      return { json: { index: sent.index, proposal: sent.proposal, signature: sent.signature, change: name }, text: [`proposal #${sent.index} (${name}) is open for votes: \`synq gov vote ${sent.index} yes --node ...\` (tx ${sent.signature})`] };
    },
  },
  {
    path: ["gov", "vote"],
    summary: "Votes on a proposal with the wallet's stake in a node's pool.",
    args: ["ID", "CHOICE"],
    flags: NODE_FLAG,
    details: "CHOICE is yes, no or abstain.",
    async run(ctx, flags, [id, choice]) {
      if (!CHOICES.includes(choice as VoteChoice)) throw new UsageError(`CHOICE must be yes, no or abstain, got "${choice}"`);
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const signature = await client.governance.vote({ voter: client.provider.wallet.publicKey, operator, index: index(id), choice: choice as VoteChoice });
      const s = summary(await client.governance.fetchProposal(index(id)));
      return { json: { signature, ...s }, text: [`voted ${choice} (tx ${signature})`, line(s)] };
    },
  },
  {
    path: ["gov", "relinquish"],
    summary: "Takes the wallet's vote off a proposal (while voting) or releases its lock after the vote, so the stake can unbond.",
    args: ["ID"],
    flags: NODE_FLAG,
    async run(ctx, flags, [id]) {
      const client = ctx.client;
      const operator = await operatorOf(client, flags);
      const signature = await client.send(await client.governance.relinquishVote({ voter: client.provider.wallet.publicKey, operator, index: index(id) }));
      return { json: { index: index(id), signature }, text: [`relinquished the vote on #${id} (tx ${signature})`] };
    },
  },
  {
    path: ["gov", "finalize"],
    summary: "Counts a proposal whose voting period is over: passing ones queue for their timelock.",
    args: ["ID"],
    async run(ctx, _flags, [id]) {
      const tally = await ctx.client.governance.finalizeProposal(index(id));
      return { json: { index: index(id), state: tally.state, yes: tally.yes, no: tally.no, abstain: tally.abstain }, text: [`proposal #${id}: ${tally.state}`] };
    },
  },
  {
    path: ["gov", "execute"],
    summary: "Executes a queued proposal once its timelock is over.",
    args: ["ID"],
    async run(ctx, _flags, [id]) {
      const signature = await ctx.client.governance.executeProposal(index(id));
      return { json: { index: index(id), signature }, text: [`proposal #${id} executed (tx ${signature})`] };
    },
  },
];
