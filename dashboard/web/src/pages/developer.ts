/**
 * A developer's credits and usage over time, and buying credits with the loaded wallet
 * (the SDK's `buyCredits`, sent by its sender).
 */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";

import { parseTokenAmount, type TierName } from "../../../../sdk/src/browser";
import { blockTimes } from "../block-times";
import { lineChart, type Point } from "../chart";
import { card, count, fill, h, short, synq, table, unixTime, when } from "../dom";
import { gql, type EventRow } from "../graphql";
import { section, type PageFactory } from "../page";

interface DeveloperView {
  developer: {
    credits: { address: string; data: Record<string, unknown> } | null;
    channels: { address: string; data: Record<string, unknown> }[];
    usage: EventRow[];
  };
}

const DEVELOPER = `query ($owner: String!) {
  developer(owner: $owner) {
    credits { address data }
    channels { address data }
    usage { signature program name slot blockTime data }
  }
}`;

const text = (value: unknown): string => String(value ?? "0");

export const developerPage: PageFactory = ({ session, status }, [ownerParam]) => {
  const owner = (): string | undefined => ownerParam ?? session.owner?.toBase58();
  const heading = h("h1", {}, "Developer");
  const summary = h("div", { class: "cards", "data-testid": "developer-summary" });
  const charts = section("Credits and usage over time", "developer-charts");
  const channels = section("Payment channels");
  const history = section("Purchases and settlements");

  const amount = h("input", { type: "text", inputmode: "decimal", value: "10", size: 8, "data-testid": "buy-amount", "aria-label": "amount in $SYNQ" });
  const tier = h("select", { "data-testid": "buy-tier", "aria-label": "tier" }, h("option", { value: "standard" }, "Standard"), h("option", { value: "premium" }, "Premium"));
  const buy = h("form", { class: "action", "data-testid": "buy-form" }, h("label", {}, "Buy credits with ", amount, " $SYNQ on the "), tier, " tier ", h("button", { type: "submit", "data-testid": "buy-credits" }, "Buy credits"));
  buy.addEventListener("submit", (event) => {
    event.preventDefault();
    void status.run("buying credits", async () => {
      const buyer = session.requireOwner();
      const decimals = await session.decimals();
      const units = parseTokenAmount(amount.value, decimals);
      if (units === 0n) throw new Error("the amount must be more than 0");
      const { client } = session;
      const config = await client.payments.fetchConfig();
      const signature = await client.send(
        await client.payments.buyCredits({ buyer, buyerTokens: getAssociatedTokenAddressSync(config.mint, buyer), amount: units, tier: tier.value as Exclude<TierName, "free">, config }),
      );
      const account = await client.payments.fetchCreditAccount(buyer);
      return `bought credits for ${synq(units, decimals)} $SYNQ: balance ${count(account?.balance.toString() ?? "0")} credits (tx ${short(signature)})`;
    });
  });

  return {
    element: h("div", {}, heading, buy, summary, charts.element, channels.element, history.element),
    async refresh() {
      const who = owner();
      buy.hidden = ownerParam !== undefined && ownerParam !== session.owner?.toBase58();
      // Nobody to show yet: no empty headings under the hint.
      for (const part of [charts, channels, history]) part.element.hidden = who === undefined;
      if (who === undefined) {
        fill(heading, "Developer");
        fill(summary, h("p", { class: "hint" }, "Load a keypair file (top right) to see your credits, or open #/developer/ADDRESS for anyone's."));
        return;
      }
      try {
        new PublicKey(who);
      } catch {
        fill(summary, h("p", { class: "error" }, `${who} is not an address`));
        return;
      }
      fill(heading, "Developer ", h("code", {}, who));
      const [{ developer }, decimals] = await Promise.all([gql<DeveloperView>(DEVELOPER, { owner: who }), session.decimals()]);
      const credits = developer.credits?.data;
      fill(
        summary,
        card("Tier", credits === undefined ? "free (no credit account)" : text(credits.tier), "credit-tier"),
        card("Credit balance", credits === undefined ? "0" : count(text(credits.balance)), "credit-balance"),
        card("Purchased", credits === undefined ? "0" : count(text(credits.purchased))),
        card("Consumed", credits === undefined ? "0" : count(text(credits.consumed))),
        card("Operators' escrow", credits === undefined ? "0" : `${synq(text(credits.escrow), decimals)} $SYNQ`),
      );
      // Credits bought and settled, summed from the amounts the program's events report.
      // Placed by block time (the slot in the tooltip); an event whose time is not known yet waits.
      const times = await blockTimes(session.connection, developer.usage);
      let bought = 0;
      let settled = 0;
      const purchases: Point[] = [];
      const balances: Point[] = [];
      const usage: Point[] = [];
      for (const e of developer.usage) {
        const x = times.get(Number(e.slot));
        const note = `slot ${count(e.slot)}`;
        if (e.name === "CreditsPurchased") {
          bought += Number(text(e.data.credits));
          if (x === undefined) continue;
          purchases.push({ x, y: bought, note });
          balances.push({ x, y: Number(text(e.data.balance)), note });
        } else if (e.name === "UsageSettled") {
          settled += Number(text(e.data.delta));
          if (x !== undefined) usage.push({ x, y: settled, note });
        }
      }
      fill(
        charts.body,
        lineChart(
          [
            { name: "balance", color: "#1971c2", points: balances, step: true },
            { name: "purchased", color: "#2f9e44", points: purchases, step: true, dashed: true },
          ],
          { title: "Credits: balance after each purchase, and purchased in total", xLabel: "time (UTC)", time: true, empty: "no credits bought yet", testId: "credits-chart" },
        ),
        lineChart([{ name: "settled", color: "#e8590c", points: usage, step: true }], { title: "Usage: credits settled by nodes (cumulative)", xLabel: "time (UTC)", time: true, empty: "no usage settled by a node yet", testId: "usage-chart" }),
      );
      fill(
        channels.body,
        table(
          ["Node", "Deposit", "Settled credits", "Receipt nonce", "Close requested"],
          developer.channels.map((c) => [h("a", { href: `#/nodes/${text(c.data.node)}`, title: text(c.data.node) }, short(text(c.data.node))), count(text(c.data.deposit)), count(text(c.data.settled_credits)), text(c.data.nonce), unixTime(text(c.data.close_requested_at))]),
          {},
          "no payment channel yet: a channel locks credits for one node",
        ),
      );
      fill(
        history.body,
        table(
          ["Time", "Event", "Credits", "$SYNQ paid", "Transaction"],
          [...developer.usage].reverse().map((e) => [
            when(e.slot, times.get(Number(e.slot))),
            e.name,
            // Bought, settled to a node, or locked in a channel.
            e.name === "CreditsPurchased" ? count(text(e.data.credits)) : e.name === "UsageSettled" ? count(text(e.data.delta)) : e.name === "ChannelFunded" ? count(text(e.data.amount)) : "–",
            e.name === "CreditsPurchased" ? synq(text(e.data.amount), decimals) : "–",
            h("code", { title: e.signature }, short(e.signature)),
          ]),
          {},
          "no purchase or settlement yet",
        ),
      );
    },
  };
};
