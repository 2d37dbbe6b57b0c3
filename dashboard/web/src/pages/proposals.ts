/**
 * Governance proposals with their live tallies (the indexer's `accountChanged` subscription
 * patches a proposal's figures the moment its account changes) and voting with the loaded
 * wallet's stake (the SDK's `governance.vote`). Quorum and outcome are the SDK's `tallyOf`
 * over the account as the chain holds it.
 */
import { tallyOf, type ProposalAccount, type VoteChoice } from "../../../../sdk/src/browser";
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
}

const PROPOSALS = `{ governanceProposals(first: 100, orderBy: { field: index, direction: DESC }) {
  nodes { address index title state proposer descriptionUri yesWeight noWeight abstainWeight voteCount votingEndsAt } } }`;

const MINE = `query ($owner: String!) {
  positions: stakingStakePositions(first: 100, where: { owner: $owner }) { nodes { address pool shares } }
  votes: governanceVoteRecords(first: 1000, where: { voter: $owner }) { nodes { proposal choice weight } }
}`;
const POOL = `query ($address: String!) { stakingStakePool(address: $address) { operator } }`;

const CHOICES: VoteChoice[] = ["yes", "no", "abstain"];

/** The wallet's staking positions (whose pools' operators `castVote` takes) and votes cast. */
interface Mine {
  /** Operator of each pool the wallet has shares in, largest position first. */
  operators: { operator: string; shares: bigint }[];
  votes: Map<string, { choice: string; weight: string }>;
}

export const proposalsPage: PageFactory = ({ session, status }) => {
  const list = section("Proposals", "proposals");
  /** Tally cells by proposal address, patched by live changes. */
  const cells = new Map<string, Record<"yes" | "no" | "abstain" | "votes", HTMLElement>>();
  let decimals = 9;
  const poolOperators = new Map<string, string>();

  async function mine(): Promise<Mine | undefined> {
    const owner = session.owner;
    if (owner === undefined) return undefined;
    const data = await gql<{ positions: { nodes: { address: string; pool: string; shares: string }[] }; votes: { nodes: { proposal: string; choice: string; weight: string }[] } }>(MINE, {
      owner: owner.toBase58(),
    });
    const operators: Mine["operators"] = [];
    for (const position of data.positions.nodes) {
      let operator = poolOperators.get(position.pool);
      if (operator === undefined) {
        operator = (await gql<{ stakingStakePool: { operator: string } | null }>(POOL, { address: position.pool })).stakingStakePool?.operator;
        if (operator === undefined) continue;
        poolOperators.set(position.pool, operator);
      }
      operators.push({ operator, shares: BigInt(position.shares) });
    }
    operators.sort((a, b) => (a.shares < b.shares ? 1 : a.shares > b.shares ? -1 : 0));
    return { operators, votes: new Map(data.votes.nodes.map((v) => [v.proposal, v])) };
  }

  function vote(row: ProposalRow, choice: VoteChoice, operator: string): void {
    void status.run(`voting ${choice} on #${row.index}`, async () => {
      const voter = session.requireOwner();
      const signature = await session.client.governance.vote({ voter, operator: new PublicKey(operator), index: BigInt(row.index), choice });
      return `voted ${choice} on #${row.index} (tx ${short(signature)})`;
    });
  }

  function proposalCard(row: ProposalRow, account: ProposalAccount | null, me: Mine | undefined): HTMLElement {
    const figure = (value: string, testId: string): HTMLElement => h("span", { class: "figure", "data-testid": testId }, value);
    const tallies = {
      yes: figure(synq(row.yesWeight, decimals), `tally-yes-${row.index}`),
      no: figure(synq(row.noWeight, decimals), `tally-no-${row.index}`),
      abstain: figure(synq(row.abstainWeight, decimals), `tally-abstain-${row.index}`),
      votes: figure(row.voteCount, `tally-votes-${row.index}`),
    };
    cells.set(row.address, tallies);
    const tally = account === null ? undefined : tallyOf(account);
    const voting = row.state === "Voting";
    const voted = me?.votes.get(row.address);
    const operator = me?.operators[0]?.operator;
    let actions: HTMLElement | string;
    if (!voting) actions = "";
    else if (me === undefined) actions = h("span", { class: "hint" }, "Load a keypair file to vote.");
    else if (voted !== undefined) actions = h("span", { class: "hint", "data-testid": `voted-${row.index}` }, `You voted ${voted.choice.toLowerCase()} with ${synq(voted.weight, decimals)} $SYNQ.`);
    else if (operator === undefined) actions = h("span", { class: "hint" }, "This wallet has no stake to vote with: stake in a node's pool first.");
    else
      actions = h(
        "span",
        { class: "vote" },
        "Vote: ",
        CHOICES.map((choice) => h("button", { type: "button", "data-testid": `vote-${choice}-${row.index}`, onclick: () => vote(row, choice, operator) }, choice)),
        h("span", { class: "hint" }, ` with your stake in ${short(operator)}'s pool`),
      );
    return h(
      "article",
      { class: "proposal", "data-testid": `proposal-${row.index}` },
      h("h3", {}, `#${row.index} ${row.title} `, h("span", { class: `badge ${row.state.toLowerCase()}` }, row.state)),
      h("p", { class: "hint" }, `by ${short(row.proposer)} · voting ends ${unixTime(row.votingEndsAt)} · `, h("a", { href: row.descriptionUri, rel: "noreferrer" }, row.descriptionUri)),
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
            `Quorum ${synq(tally.quorumVotes, decimals)} $SYNQ (${tally.quorumReached ? "reached" : "not reached"}); with these votes it is ${tally.outcome}.`,
          ),
      actions,
    );
  }

  return {
    element: h("div", {}, h("h1", {}, "Governance"), list.element),
    async refresh() {
      decimals = await session.decimals();
      const [{ governanceProposals }, me] = await Promise.all([gql<{ governanceProposals: { nodes: ProposalRow[] } }>(PROPOSALS), mine()]);
      const rows = governanceProposals.nodes;
      const accounts = rows.length === 0 ? [] : await session.client.programs.governance.account.proposal.fetchMultiple(rows.map((r) => new PublicKey(r.address)));
      cells.clear();
      fill(list.body, rows.length === 0 ? h("p", { class: "hint" }, "No proposals yet.") : rows.map((row, i) => proposalCard(row, accounts[i] ?? null, me)));
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
