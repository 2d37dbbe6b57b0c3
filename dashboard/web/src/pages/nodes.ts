/** Storage nodes: the ranked table, and one node's QoS and proofs over time. */
import { blockTimes } from "../block-times";
import { lineChart, type Point } from "../chart";
import { address as addressOf, card, count, fill, h, percentBps, short, synq, table, unixTime, when } from "../dom";
import { eventDetails } from "../event-details";
import { EVENT_FIELDS, gql, type EventRow } from "../graphql";
import { section, type PageFactory } from "../page";

interface RankedNode {
  rank: number;
  address: string;
  qosBps: number | null;
  status: string | null;
  stake: string;
  node: { operator: string; endpoint: string; region: number; metricsProofsPassed: string; metricsProofsFailed: string };
}

// Page sizes keep each query under the indexer's cost limit (20,000: page size x fields).
const NODES = `{
  topNodes(first: 200) { rank address qosBps status stake node { operator endpoint region metricsProofsPassed metricsProofsFailed } }
  proofs: events(where: { program: "registry", name: "ChallengeResponded" }, orderBy: SLOT_DESC, first: 500) { nodes { ${EVENT_FIELDS} } }
}`;

/** When a node last answered a challenge: its newest ChallengeResponded event. */
function lastProofs(events: EventRow[]): Map<string, EventRow> {
  const newest = new Map<string, EventRow>();
  for (const e of events) {
    const node = String(e.data.node);
    if (!newest.has(node)) newest.set(node, e);
  }
  return newest;
}

const lastProof = (e: EventRow | undefined): Node | string => (e === undefined ? "never" : when(e.slot, e.blockTime === null ? undefined : Number(e.blockTime)));

export const nodesPage: PageFactory = ({ session }) => {
  const body = h("div", { "data-testid": "nodes-table" });
  return {
    element: h("div", {}, h("h1", {}, "Storage nodes"), h("p", { class: "hint" }, "Ranked by QoS, then stake. Click a node for its history."), body),
    async refresh() {
      const [data, decimals] = await Promise.all([gql<{ topNodes: RankedNode[]; proofs: { nodes: EventRow[] } }>(NODES), session.decimals()]);
      const proofs = lastProofs(data.proofs.nodes);
      fill(
        body,
        table(
          ["#", "Node", "Status", "QoS", "Stake ($SYNQ)", "Region", "Proofs passed / failed", "Last proof", "Endpoint"],
          data.topNodes.map((n) => [
            n.rank,
            h("a", { href: `#/nodes/${n.address}`, title: n.address }, short(n.address)),
            h("span", { class: `badge ${String(n.status).toLowerCase()}` }, n.status ?? "–"),
            percentBps(n.qosBps),
            synq(n.stake, decimals),
            n.node.region,
            `${count(n.node.metricsProofsPassed)} / ${count(n.node.metricsProofsFailed)}`,
            lastProof(proofs.get(n.address)),
            h("code", {}, n.node.endpoint),
          ]),
        ),
      );
    },
  };
};

interface NodeDetail {
  registryNode: {
    address: string;
    operator: string;
    pool: string;
    endpoint: string;
    region: number;
    status: string;
    qosBps: number;
    capacityBytes: string;
    metricsProofsPassed: string;
    metricsProofsFailed: string;
    metricsUptimeSeconds: string;
    commitmentSize: string;
    registeredAt: string;
  } | null;
  history: { nodes: EventRow[] };
}

const NODE = `query ($address: String!) {
  registryNode(address: $address) { address operator pool endpoint region status qosBps capacityBytes metricsProofsPassed metricsProofsFailed metricsUptimeSeconds commitmentSize registeredAt }
  history: events(where: { program: "registry" }, orderBy: SLOT_DESC, first: 800) { nodes { ${EVENT_FIELDS} } }
}`;

const POOL = `query ($address: String!) { stakingStakePool(address: $address) { totalTokens commissionBps totalRewards totalSlashed } }`;

/** Registry events that carry a node's QoS or proof counts. */
const QOS_EVENTS = ["ReportSubmitted", "ChallengeExpired"];

export const nodePage: PageFactory = ({ session }, [address = ""]) => {
  const summary = h("div", { class: "cards", "data-testid": "node-summary" });
  const charts = section("QoS and proofs over time", "node-charts");
  const events = section("Events");
  return {
    element: h("div", {}, h("p", {}, h("a", { href: "#/nodes" }, "← all nodes")), h("h1", {}, "Node ", h("code", {}, address)), summary, charts.element, events.element),
    async refresh() {
      const [data, decimals] = await Promise.all([gql<NodeDetail>(NODE, { address }), session.decimals()]);
      const node = data.registryNode;
      if (node === null) {
        fill(summary, h("p", { class: "error" }, `no registry node at ${address}`));
        return;
      }
      const pool = (await gql<{ stakingStakePool: { totalTokens: string } | null }>(POOL, { address: node.pool })).stakingStakePool;
      fill(
        summary,
        card("Status", node.status),
        card("QoS", percentBps(node.qosBps)),
        card("Stake", pool === null ? "–" : `${synq(pool.totalTokens, decimals)} $SYNQ`),
        card("Proofs passed / failed", `${count(node.metricsProofsPassed)} / ${count(node.metricsProofsFailed)}`),
        card("Committed", `${count(node.commitmentSize)} bytes`),
        card("Region", String(node.region)),
        card("Operator", addressOf(node.operator)),
        card("Registered", unixTime(node.registeredAt)),
      );
      const mine = data.history.nodes.filter((e) => e.data.node === address).reverse();
      const times = await blockTimes(session.connection, mine);
      // Placed by block time, the slot in each point's tooltip; an event whose time is not known yet waits.
      const points = (events: EventRow[], y: (e: EventRow) => number): Point[] =>
        events.flatMap((e) => {
          const x = times.get(Number(e.slot));
          return x === undefined ? [] : [{ x, y: y(e), note: `slot ${count(e.slot)}` }];
        });
      const qos = points(mine.filter((e) => QOS_EVENTS.includes(e.name)), (e) => Number(e.data.qos_bps) / 100);
      const passed = points(mine.filter((e) => e.name === "ChallengeResponded"), (e) => Number(e.data.proofs_passed));
      const failed = points(mine.filter((e) => e.name === "ChallengeExpired"), (e) => Number(e.data.proofs_failed));
      fill(
        charts.body,
        lineChart([{ name: "QoS %", color: "#1971c2", points: qos }], { title: "QoS (%) at each report and missed challenge", xLabel: "time (UTC)", time: true, empty: "no usage report or missed challenge yet", testId: "qos-chart" }),
        lineChart(
          [
            { name: "passed", color: "#2f9e44", points: passed, step: true },
            { name: "failed", color: "#e03131", points: failed, step: true },
          ],
          { title: "Storage proofs (cumulative)", xLabel: "time (UTC)", time: true, integerY: true, empty: "no challenge answered or missed yet", testId: "proofs-chart" },
        ),
      );
      fill(
        events.body,
        table(
          ["Time", "Event", "Details"],
          mine
            .slice(-30)
            .reverse()
            .map((e) => [when(e.slot, times.get(Number(e.slot))), e.name, eventDetails(e.name, e.data, decimals, { omit: ["node"] })]),
          { "data-testid": "node-events" },
        ),
      );
    },
  };
};
