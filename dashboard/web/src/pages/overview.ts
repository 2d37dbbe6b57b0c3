/** The network at a glance: nodes, stake, the payment epoch, its reward pool, $SYNQ burned, recent events. */
import { blockTimes } from "../block-times";
import { lineChart, type Point } from "../chart";
import { card, fill, h, count, short, synq, table, when } from "../dom";
import { eventDetails } from "../event-details";
import { EVENT_FIELDS, gql, type EventRow } from "../graphql";
import { section, type PageFactory } from "../page";

interface Overview {
  _meta: { slot: string; chainSlot: string; live: boolean };
  nodes: { totalCount: number };
  active: { totalCount: number };
  stakingStakeConfigs: { nodes: { totalStaked: string; poolCount: string }[] };
  paymentConfigConfigs: { nodes: { currentEpoch: string; totalBurned: string; totalPaid: string; totalToRewards: string; paused: boolean }[] };
  proposals: { totalCount: number };
  recent: { nodes: EventRow[] };
  purchases: { nodes: EventRow[] };
}

const QUERY = `{
  _meta { slot chainSlot live }
  nodes: registryNodes(first: 0) { totalCount }
  active: registryNodes(first: 0, where: { status: "Active" }) { totalCount }
  stakingStakeConfigs(first: 1) { nodes { totalStaked poolCount } }
  paymentConfigConfigs(first: 1) { nodes { currentEpoch totalBurned totalPaid totalToRewards paused } }
  proposals: governanceProposals(first: 0) { totalCount }
  recent: events(orderBy: SLOT_DESC, first: 12) { nodes { ${EVENT_FIELDS} } }
  purchases: events(where: { program: "payment_config", name: "CreditsPurchased" }, orderBy: SLOT_DESC, first: 500) { nodes { ${EVENT_FIELDS} } }
}`;

const EPOCH = `query ($n: BigInt!) { paymentConfigEpochs(first: 1, where: { number: $n }) { nodes { pool usageTotal state } } }`;

export const overviewPage: PageFactory = ({ session }) => {
  const cards = h("div", { class: "cards", "data-testid": "overview-cards" });
  const burned = section("$SYNQ burned by credit purchases");
  const recent = section("Recent events");
  return {
    element: h("div", {}, h("h1", {}, "Network overview"), cards, burned.element, recent.element),
    async refresh() {
      const [data, decimals] = await Promise.all([gql<Overview>(QUERY), session.decimals()]);
      const payments = data.paymentConfigConfigs.nodes[0];
      const staking = data.stakingStakeConfigs.nodes[0];
      const epoch =
        payments === undefined ? undefined : (await gql<{ paymentConfigEpochs: { nodes: { pool: string; usageTotal: string; state: string }[] } }>(EPOCH, { n: payments.currentEpoch })).paymentConfigEpochs.nodes[0];
      fill(
        cards,
        card("Nodes (active / registered)", `${data.active.totalCount} / ${data.nodes.totalCount}`, "nodes-count"),
        card("Total stake", staking === undefined ? "–" : `${synq(staking.totalStaked, decimals)} $SYNQ`, "total-stake"),
        card("Payment epoch", payments === undefined ? "–" : `#${payments.currentEpoch}${epoch === undefined ? "" : ` (${epoch.state})`}`, "epoch"),
        card("Epoch reward pool", epoch === undefined ? "–" : `${synq(epoch.pool, decimals)} $SYNQ`, "reward-pool"),
        card("Burned so far", payments === undefined ? "–" : `${synq(payments.totalBurned, decimals)} $SYNQ`, "burned"),
        card("Paid for credits", payments === undefined ? "–" : `${synq(payments.totalPaid, decimals)} $SYNQ`),
        card("Proposals", String(data.proposals.totalCount)),
        card("Indexed slot", `${count(data._meta.slot)}${data._meta.live ? "" : " (catching up)"}`),
      );
      // Cumulative burn over the newest purchases: back from the config's total, less what
      // each later purchase event reports burned.
      const times = await blockTimes(session.connection, [...data.recent.nodes, ...data.purchases.nodes]);
      let total = payments === undefined ? 0n : BigInt(payments.totalBurned);
      const points: Point[] = [];
      for (const e of data.purchases.nodes) {
        const x = times.get(Number(e.slot));
        if (x !== undefined) points.push({ x, y: Number(total) / 10 ** decimals, note: `slot ${count(e.slot)}` });
        total -= BigInt(String(e.data.burned ?? "0"));
      }
      fill(burned.body, lineChart([{ name: "burned", color: "#d9480f", points, step: true }], { title: "$SYNQ burned (cumulative)", xLabel: "time (UTC)", time: true, empty: "no credits bought yet: each purchase burns part of its $SYNQ", testId: "burn-chart" }));
      fill(
        recent.body,
        table(
          ["Time", "Event", "Details", "Transaction"],
          data.recent.nodes.map((e) => [
            when(e.slot, times.get(Number(e.slot))),
            h("span", { title: e.program }, e.name),
            eventDetails(e.name, e.data, decimals),
            h("code", { title: e.signature }, short(e.signature)),
          ]),
          { "data-testid": "recent-events" },
        ),
      );
    },
  };
};
