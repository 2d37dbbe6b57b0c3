/**
 * Payment epochs (reward pools, usage, claims) and one epoch's per-node usage, rewards and
 * claims, with a `claim` button for each unclaimed reward of an ended epoch (claims are
 * permissionless: the wallet pays the claim record's rent, the reward goes to the node's pool).
 * Each node's reward is the SDK's `rewardShare`, what the program pays.
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";

import { chainTime, rewardShare, settleEpoch } from "../../../../sdk/src/browser";
import { lineChart } from "../chart";
import { address, count, fill, h, percentBps, short, synq, table, unixTime } from "../dom";
import { gql } from "../graphql";
import { section, type PageContext, type PageFactory } from "../page";

interface EpochRow {
  number: string;
  state: string;
  pool: string;
  usageTotal: string;
  totalWeight: string;
  nodeCount: string;
  claimed: string;
  claimCount: string;
  clawedBack: string;
  startedAt: string;
  endedAt: string;
  claimExpiresAt: string;
}

const EPOCHS = `{ paymentConfigEpochs(first: 200, orderBy: { field: number, direction: DESC }) {
  nodes { number state pool usageTotal totalWeight nodeCount claimed claimCount clawedBack startedAt endedAt claimExpiresAt } } }`;

interface View {
  address: string;
  data: Record<string, unknown>;
}

const EPOCH = `query ($n: BigInt!) { epoch(number: $n) { claimCount claims { address data } usage { address data } } }`;

const text = (value: unknown): string => String(value ?? "0");

/** Claims one node's reward of `epoch` into its staking pool. */
async function claimOne({ session }: PageContext, epoch: bigint, node: string): Promise<string> {
  const payer = session.requireOwner();
  const { client } = session;
  const account = await client.programs.registry.account.node.fetchNullable(new PublicKey(node));
  if (account === null) throw new Error(`node ${short(node)} is no longer registered`);
  const { mint } = await client.payments.fetchConfig();
  // The operator's commission goes to its associated token account, which must exist.
  const signature = await client.send(await client.payments.claim({ payer, epoch, operator: account.operator, operatorTokens: getAssociatedTokenAddressSync(mint, account.operator, true) }));
  const status = await client.payments.fetchClaimStatus(epoch, new PublicKey(node));
  const decimals = await session.decimals();
  return `claimed ${status === null ? "" : `${synq(status.amount.toString(), decimals)} $SYNQ `}for ${short(node)} in epoch #${epoch} (tx ${short(signature)})`;
}

export const epochsPage: PageFactory = (ctx, [selected]) => {
  const { session, status } = ctx;
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
            { name: "claimed", color: "#2f9e44", dashed: true, points: epochs.map((e) => ({ x: Number(e.number), y: Number(BigInt(e.claimed)) / 10 ** decimals })) },
          ],
          { title: "Rewards per epoch ($SYNQ)", xLabel: "epoch", empty: "no epoch yet", testId: "epochs-chart" },
        ),
      );
      fill(
        list.body,
        table(
          ["Epoch", "State", "Reward pool", "Usage (credits)", "Nodes", "Claimed", "Claims", "Clawed back", "Unclaimed", "Started", "Ended", "Claims until"],
          epochs.map((e) => [
            h("a", { href: `#/epochs/${e.number}` }, `#${e.number}`),
            e.state,
            synq(e.pool, decimals),
            count(e.usageTotal),
            e.nodeCount,
            synq(e.claimed, decimals),
            e.claimCount,
            synq(e.clawedBack, decimals),
            // What an ended epoch's pool still holds for its nodes (or held, once clawed back).
            e.state === "Open" ? "–" : synq(BigInt(e.pool) - BigInt(e.claimed) - BigInt(e.clawedBack), decimals),
            unixTime(e.startedAt),
            unixTime(e.endedAt),
            unixTime(e.claimExpiresAt),
          ]),
        ),
      );
      if (selected === undefined) {
        fill(detail.body, h("p", { class: "hint" }, "Pick an epoch for its per-node usage, rewards and claims."));
        return;
      }
      if (!/^\d{1,19}$/.test(selected)) {
        fill(detail.body, h("p", { class: "error" }, `"${selected}" is not an epoch number`));
        return;
      }
      const [{ epoch }, now] = await Promise.all([gql<{ epoch: { claimCount: number; claims: View[]; usage: View[] } | null }>(EPOCH, { n: selected }), chainTime(session.connection)]);
      const row = epochs.find((e) => e.number === selected);
      if (epoch === null || row === undefined) {
        fill(detail.body, h("p", { class: "error" }, `no epoch #${selected}`));
        return;
      }
      const claimed = new Map(epoch.claims.map((c) => [text(c.data.node), c]));
      const claimable = row.state === "Ended" && now < Number(row.claimExpiresAt);
      const rewardOf = (u: View): bigint => rewardShare(BigInt(row.pool), BigInt(text(u.data.weight)), BigInt(row.totalWeight));
      const due = epoch.usage.filter((u) => !claimed.has(text(u.data.node)) && rewardOf(u) > 0n);
      const claimCell = (u: View): Node | string => {
        const node = text(u.data.node);
        const claim = claimed.get(node);
        if (claim !== undefined) return h("span", { "data-testid": `claimed-${node}` }, `claimed ${unixTime(text(claim.data.claimed_at))}`);
        if (rewardOf(u) === 0n) return h("span", { class: "hint" }, "nothing to claim");
        if (row.state !== "Ended") return h("span", { class: "hint" }, "after the epoch ends");
        if (!claimable) return h("span", { class: "hint" }, "claim window closed");
        return h("button", { type: "button", "data-testid": `claim-${node}`, onclick: () => void status.run(`claiming ${short(node)}'s reward`, () => claimOne(ctx, BigInt(selected), node)) }, "claim");
      };
      const claimAll =
        claimable && due.length > 1
          ? h(
              "p",
              {},
              h(
                "button",
                {
                  type: "button",
                  "data-testid": "claim-all",
                  onclick: () =>
                    void status.run(`claiming ${due.length} rewards`, async () => {
                      session.requireOwner();
                      const outcomes = await settleEpoch(session.client, BigInt(selected), { onProgress: (done, total) => status.show(`claiming rewards: ${done} of ${total} nodes…`, "busy") });
                      const failed = outcomes.filter((o) => o.error !== undefined);
                      const sent = outcomes.filter((o) => o.signature !== undefined).length;
                      if (failed.length > 0) throw new Error(`${sent} claimed; ${failed.length} refused: ${failed.map((o) => `${short(o.node.toBase58())}: ${o.error}`).join("; ")}`);
                      return `claimed ${sent} rewards of epoch #${selected}`;
                    }),
                },
                `claim all ${due.length} unclaimed`,
              ),
            )
          : null;
      fill(
        detail.body,
        h(
          "p",
          { class: "hint" },
          row.state === "Ended"
            ? `Ended ${unixTime(row.endedAt)}; rewards can be claimed until ${unixTime(row.claimExpiresAt)}${claimable ? "" : " (closed)"}. Anyone may claim a node's reward: it goes to the node's staking pool, the wallet pays the claim record's rent.`
            : `Open since ${unixTime(row.startedAt)}: its rewards can be claimed once it has ended.`,
        ),
        h("h3", {}, "Usage settled per node"),
        table(
          ["Node", "Usage (credits)", "QoS", "Weight", "Reward ($SYNQ)", "Claim"],
          epoch.usage.map((u) => [
            h("a", { href: `#/nodes/${text(u.data.node)}`, title: text(u.data.node) }, short(text(u.data.node))),
            count(text(u.data.credits)),
            percentBps(text(u.data.qos_bps)),
            count(text(u.data.weight)),
            synq(rewardOf(u), decimals),
            claimCell(u),
          ]),
          { "data-testid": "epoch-usage" },
          "no usage settled in this epoch: no node earns from it",
        ),
        claimAll,
        h("h3", {}, `Claims (${epoch.claimCount})`),
        table(
          ["Node", "Amount ($SYNQ)", "Claimed at", "Account"],
          epoch.claims.map((c) => [h("a", { href: `#/nodes/${text(c.data.node)}`, title: text(c.data.node) }, short(text(c.data.node))), synq(text(c.data.amount), decimals), unixTime(text(c.data.claimed_at)), address(c.address)]),
          {},
          row.state === "Open" ? "none until the epoch ends" : "no claim yet",
        ),
      );
    },
  };
};
