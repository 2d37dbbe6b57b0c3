/**
 * Governance proposals with their live tallies (the indexer's `accountChanged` subscription
 * patches a proposal's figures the moment its account changes), voting with one of the loaded
 * wallet's staking positions (the SDK's `governance.vote`), and the permissionless cranks:
 * `finalize` once the voting period is over (by the chain's clock) and `execute` once a queued
 * proposal's timelock has passed. Quorum and outcome are the SDK's `tallyOf` over the account
 * as the chain holds it; the program has the last word and its refusals show by name.
 */
import { chainTime, integerConstant, tallyOf, tokensForShares, type ProposalAccount, type VoteChoice } from "../../../../sdk/src/browser";
import { PublicKey } from "@solana/web3.js";

import { count, fill, h, short, synq, unixTime } from "../dom";
import { gql, type AccountChange } from "../graphql";
import { section, type PageFactory } from "../page";

interface ProposalRow {
  address: string;
  index: string;
  title: string;
  state: string;
  proposer: string;
  descriptionUri: string;
  yesWeight: string;
  noWeight: string;
  abstainWeight: string;
  voteCount: string;
  votingEndsAt: string;
  eta: string;
}

const PROPOSALS = `{ governanceProposals(first: 100, orderBy: { field: index, direction: DESC }) {
  nodes { address index title state proposer descriptionUri yesWeight noWeight abstainWeight voteCount votingEndsAt eta } } }`;

const MINE = `query ($owner: String!) {
  positions: stakingStakePositions(first: 100, where: { owner: $owner }) { nodes { address pool shares generation } }
  votes: governanceVoteRecords(first: 1000, where: { voter: $owner }) { nodes { proposal position choice weight } }
}`;
const POOL = `query ($address: String!) { stakingStakePool(address: $address) { operator totalTokens totalShares generation } }`;

const CHOICES: VoteChoice[] = ["yes", "no", "abstain"];
/** A queued proposal may be executed until eta + this; after it, `finalize` expires it. */
const EXECUTION_GRACE_SECONDS = Number(integerConstant("governance", "EXECUTION_GRACE_SECONDS"));

/** One of the wallet's staking positions: the pool's operator (what `castVote` takes) and its voting power now. */
interface Position {
  address: string;
  operator: string;
  power: bigint;
}

/** The wallet's positions (largest first) and the votes they cast, by proposal. */
interface Mine {
  positions: Position[];
  votes: Map<string, { position: string; choice: string; weight: string }[]>;
}

export const proposalsPage: PageFactory = ({ session, status }) => {
  const list = section("Proposals", "proposals");
  /** Tally cells by proposal address, patched by live changes. */
  const cells = new Map<string, Record<"yes" | "no" | "abstain" | "votes", HTMLElement>>();
  let decimals = 9;

  async function mine(): Promise<Mine | undefined> {
    const owner = session.owner;
    if (owner === undefined) return undefined;
    const data = await gql<{
      positions: { nodes: { address: string; pool: string; shares: string; generation: string }[] };
      votes: { nodes: { proposal: string; position: string; choice: string; weight: string }[] };
    }>(MINE, { owner: owner.toBase58() });
    // Pools are read fresh (their tokens move with rewards and slashes), one query per pool, at most 100.
    const pools = await Promise.all(
      data.positions.nodes.map((p) => gql<{ stakingStakePool: { operator: string; totalTokens: string; totalShares: string; generation: string } | null }>(POOL, { address: p.pool })),
    );
    const positions: Position[] = [];
    data.positions.nodes.forEach((p, i) => {
      const pool = pools[i]?.stakingStakePool;
      if (pool === null || pool === undefined) return;
      // The program's voting power: 0 for a position of a wiped-out generation.
      const power = String(p.generation) === String(pool.generation) ? tokensForShares(p.shares, pool.totalTokens, pool.totalShares) : 0n;
      positions.push({ address: p.address, operator: pool.operator, power });
    });
    positions.sort((a, b) => (a.power < b.power ? 1 : a.power > b.power ? -1 : 0));
    const votes = new Map<string, { position: string; choice: string; weight: string }[]>();
    for (const v of data.votes.nodes) votes.set(v.proposal, [...(votes.get(v.proposal) ?? []), v]);
    return { positions, votes };
  }

  function vote(row: ProposalRow, choice: VoteChoice, operator: string): void {
    void status.run(`voting ${choice} on #${row.index}`, async () => {
      const voter = session.requireOwner();
      const signature = await session.client.governance.vote({ voter, operator: new PublicKey(operator), index: BigInt(row.index), choice });
      return `voted ${choice} on #${row.index} (tx ${short(signature)})`;
    });
  }

  function finalize(row: ProposalRow): void {
    void status.run(`finalizing #${row.index}`, async () => {
      session.requireOwner();
      const { client } = session;
      const signature = await client.send(await client.governance.finalize(BigInt(row.index)));
      const tally = await client.governance.tally(BigInt(row.index));
      const next = tally.state === "queued" ? `queued, executable from ${unixTime(tally.eta)}` : tally.state;
      return `finalized #${row.index}: ${next} (tx ${short(signature)})`;
    });
  }

  function execute(row: ProposalRow): void {
    void status.run(`executing #${row.index}`, async () => {
      session.requireOwner();
      const { client } = session;
      const signature = await client.send(await client.governance.execute(BigInt(row.index)));
      return `executed #${row.index} (tx ${short(signature)})`;
    });
  }

  /** The crank the proposal's state and the chain's clock allow now, or when it will. */
  function cranks(row: ProposalRow, now: number): HTMLElement | null {
    const [endsAt, eta] = [Number(row.votingEndsAt), Number(row.eta)];
    const button = (label: string, action: () => void): HTMLElement =>
      h("button", { type: "button", "data-testid": `${label}-${row.index}`, onclick: action }, label);
    if (row.state === "Voting" && now >= endsAt)
      return h("p", { class: "crank" }, "Voting has ended: anyone may finalize it to count the votes. ", button("finalize", () => finalize(row)));
    if (row.state === "Queued" && now < eta) return h("p", { class: "hint" }, `Queued: executable from ${unixTime(eta)} (the timelock).`);
    if (row.state === "Queued" && now <= eta + EXECUTION_GRACE_SECONDS)
      return h("p", { class: "crank" }, `Queued and due: anyone may execute it until ${unixTime(eta + EXECUTION_GRACE_SECONDS)}. `, button("execute", () => execute(row)));
    if (row.state === "Queued") return h("p", { class: "crank" }, "Its execution window has passed: finalizing marks it expired. ", button("finalize", () => finalize(row)));
    return null;
  }

  /** Vote buttons with a position picker when the wallet has more than one position that has not voted. */
  function votePanel(row: ProposalRow, me: Mine | undefined): HTMLElement | null {
    if (me === undefined) return h("span", { class: "hint" }, "Load a keypair file to vote.");
    const cast = me.votes.get(row.address) ?? [];
    const byPosition = new Map(me.positions.map((p) => [p.address, p]));
    const done = cast.map((v) =>
      h(
        "p",
        { class: "hint", "data-testid": `voted-${row.index}` },
        `You voted ${v.choice.toLowerCase()} with ${synq(v.weight, decimals)} $SYNQ`,
        byPosition.has(v.position) ? ` (your stake in ${short(byPosition.get(v.position)!.operator)}'s pool).` : ".",
      ),
    );
    const open = me.positions.filter((p) => p.power > 0n && !cast.some((v) => v.position === p.address));
    if (open.length === 0) {
      if (cast.length > 0) return h("div", {}, done);
      return h("span", { class: "hint" }, me.positions.length === 0 ? "This wallet has no stake to vote with: stake in a node's pool first." : "This wallet's stake is not active yet (still warming up).");
    }
    const picker = h(
      "select",
      { "data-testid": `vote-position-${row.index}`, "aria-label": "position to vote with" },
      open.map((p) => h("option", { value: p.operator }, `${synq(p.power, decimals)} $SYNQ in ${short(p.operator)}'s pool`)),
    );
    const withWhat = open.length === 1 ? h("span", { class: "hint" }, ` with your ${synq(open[0]!.power, decimals)} $SYNQ in ${short(open[0]!.operator)}'s pool`) : h("label", {}, " with ", picker);
    return h(
      "div",
      {},
      done,
      h(
        "span",
        { class: "vote" },
        "Vote: ",
        CHOICES.map((choice) => h("button", { type: "button", "data-testid": `vote-${choice}-${row.index}`, onclick: () => vote(row, choice, open.length === 1 ? open[0]!.operator : picker.value) }, choice)),
        withWhat,
      ),
    );
  }

  function proposalCard(row: ProposalRow, account: ProposalAccount | null, me: Mine | undefined, now: number): HTMLElement {
    const figure = (value: string, testId: string): HTMLElement => h("span", { class: "figure", "data-testid": testId }, value);
    const tallies = {
      yes: figure(synq(row.yesWeight, decimals), `tally-yes-${row.index}`),
      no: figure(synq(row.noWeight, decimals), `tally-no-${row.index}`),
      abstain: figure(synq(row.abstainWeight, decimals), `tally-abstain-${row.index}`),
      votes: figure(row.voteCount, `tally-votes-${row.index}`),
    };
    cells.set(row.address, tallies);
    const tally = account === null ? undefined : tallyOf(account);
    const voting = row.state === "Voting" && now < Number(row.votingEndsAt);
    const actions = voting ? votePanel(row, me) : null;
    return h(
      "article",
      { class: "proposal", "data-testid": `proposal-${row.index}` },
      h("h3", {}, `#${row.index} ${row.title} `, h("span", { class: `badge ${row.state.toLowerCase()}`, "data-testid": `state-${row.index}` }, row.state)),
      h("p", { class: "hint" }, `by ${short(row.proposer)} · voting ${now < Number(row.votingEndsAt) ? "ends" : "ended"} ${unixTime(row.votingEndsAt)} · `, h("a", { href: row.descriptionUri, rel: "noreferrer" }, row.descriptionUri)),
      h(
        "div",
        { class: "tally" },
        h("span", { class: "yes" }, "Yes ", tallies.yes),
        h("span", { class: "no" }, "No ", tallies.no),
        h("span", { class: "abstain" }, "Abstain ", tallies.abstain),
        h("span", {}, "Voters ", tallies.votes),
      ),
      tally === undefined
        ? null
        : h(
            "p",
            { class: "hint", "data-testid": `outcome-${row.index}` },
            row.state === "Voting"
              ? `Quorum ${synq(tally.quorumVotes, decimals)} $SYNQ (${tally.quorumReached ? "reached" : "not reached"}); with these votes it is ${tally.outcome}.`
              : `Quorum ${synq(tally.quorumVotes, decimals)} $SYNQ (${tally.quorumReached ? "reached" : "not reached"}); ${tally.approved ? "approved" : "not approved"}.`,
          ),
      actions,
      cranks(row, now),
    );
  }

  return {
    element: h("div", {}, h("h1", {}, "Governance"), list.element),
    async refresh() {
      decimals = await session.decimals();
      const [{ governanceProposals }, me, now] = await Promise.all([gql<{ governanceProposals: { nodes: ProposalRow[] } }>(PROPOSALS), mine(), chainTime(session.connection)]);
      const rows = governanceProposals.nodes;
      const accounts = rows.length === 0 ? [] : await session.client.programs.governance.account.proposal.fetchMultiple(rows.map((r) => new PublicKey(r.address)));
      cells.clear();
      fill(list.body, rows.length === 0 ? h("p", { class: "hint" }, "No proposals yet.") : rows.map((row, i) => proposalCard(row, accounts[i] ?? null, me, now)));
    },
    onChange(change: AccountChange) {
      // The tally as the account now holds it, before the page's next full refresh.
      if (change.program !== "governance" || change.type !== "Proposal" || change.data === null) return;
      const tallies = cells.get(change.address);
      if (tallies === undefined) return;
      const d = change.data;
      tallies.yes.textContent = synq(String(d.yes_weight ?? "0"), decimals);
      tallies.no.textContent = synq(String(d.no_weight ?? "0"), decimals);
      tallies.abstain.textContent = synq(String(d.abstain_weight ?? "0"), decimals);
      tallies.votes.textContent = count(String(d.vote_count ?? "0"));
    },
  };
};
