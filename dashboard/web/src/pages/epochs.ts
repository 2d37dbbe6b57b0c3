/** Payment epochs (reward pools, usage, claims) and one epoch's claims and per-node usage. */
import { lineChart } from "../chart";
import { count, fill, h, short, synq, table, unixTime } from "../dom";
import { gql } from "../graphql";
import { section, type PageFactory } from "../page";

interface EpochRow {
  number: string;
  state: string;
  pool: string;
  usageTotal: string;
  nodeCount: string;
  claimed: string;
  claimCount: string;
  clawedBack: string;
  startedAt: string;
  endedAt: string;
  claimExpiresAt: string;
}

const EPOCHS = `{ paymentConfigEpochs(first: 200, orderBy: { field: number, direction: DESC }) {
  nodes { number state pool usageTotal nodeCount claimed claimCount clawedBack startedAt endedAt claimExpiresAt } } }`;

interface View {
  address: string;
  data: Record<string, unknown>;
}

const EPOCH = `query ($n: BigInt!) { epoch(number: $n) { claimCount claims { address data } usage { address data } } }`;

const text = (value: unknown): string => String(value ?? "0");

export const epochsPage: PageFactory = ({ session }, [selected]) => {
  const list = section("Epochs", "epochs-table");
  const chart = h("div");
  const detail = section(selected === undefined ? "Claims" : `Epoch #${selected}: usage and claims`, "epoch-detail");
  return {
    element: h("div", {}, h("h1", {}, "Epochs and claims"), chart, list.element, detail.element),
    async refresh() {
      const [{ paymentConfigEpochs }, decimals] = await Promise.all([gql<{ paymentConfigEpochs: { nodes: EpochRow[] } }>(EPOCHS), session.decimals()]);
      const epochs = paymentConfigEpochs.nodes;
      fill(
        chart,
        lineChart(
          [
            { name: "reward pool", color: "#1971c2", points: epochs.map((e) => ({ x: Number(e.number), y: Number(BigInt(e.pool)) / 10 ** decimals })) },
            { name: "claimed", color: "#2f9e44", points: epochs.map((e) => ({ x: Number(e.number), y: Number(BigInt(e.claimed)) / 10 ** decimals })) },
          ],
          { title: "Rewards per epoch ($SYNQ)", xLabel: "epoch", testId: "epochs-chart" },
        ),
      );
      fill(
        list.body,
        table(
          ["Epoch", "State", "Reward pool", "Usage (credits)", "Nodes", "Claimed", "Claims", "Clawed back", "Started", "Ended", "Claims until"],
          epochs.map((e) => [
            h("a", { href: `#/epochs/${e.number}` }, `#${e.number}`),
            e.state,
            synq(e.pool, decimals),
            count(e.usageTotal),
            e.nodeCount,
            synq(e.claimed, decimals),
            e.claimCount,
            synq(e.clawedBack, decimals),
            unixTime(e.startedAt),
            unixTime(e.endedAt),
            unixTime(e.claimExpiresAt),
          ]),
        ),
      );
      if (selected === undefined) {
        fill(detail.body, h("p", { class: "hint" }, "Pick an epoch for its per-node usage and claims."));
        return;
      }
      const { epoch } = await gql<{ epoch: { claimCount: number; claims: View[]; usage: View[] } | null }>(EPOCH, { n: selected });
      if (epoch === null) {
        fill(detail.body, h("p", { class: "error" }, `no epoch #${selected}`));
        return;
      }
      fill(
        detail.body,
        h("h3", {}, "Usage settled per node"),
        table(["Node", "Usage (credits)", "Weight", "Account"], epoch.usage.map((u) => [h("a", { href: `#/nodes/${text(u.data.node)}` }, short(text(u.data.node))), count(text(u.data.credits)), count(text(u.data.weight)), h("code", {}, short(u.address))])),
        h("h3", {}, `Claims (${epoch.claimCount})`),
        table(["Node", "Amount ($SYNQ)", "Claimed at", "Account"], epoch.claims.map((c) => [h("a", { href: `#/nodes/${text(c.data.node)}` }, short(text(c.data.node))), synq(text(c.data.amount), decimals), unixTime(text(c.data.claimed_at)), h("code", {}, short(c.address))])),
      );
    },
  };
};
