/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the
 * test localnet, a real indexer (PostgreSQL) and the dashboard server, as `npm start` runs
 * them: the pages render the chain's figures; a developer loads a keypair file, buys credits
 * and sees the balance change; votes on a proposal and sees the tally change live, also when
 * someone else votes (the indexer's subscription, no reload); a bad keypair file is refused in
 * words. Screenshots of each page go to tests/artifacts/dashboard/.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createTransferInstruction, getMint } from "@solana/spl-token";
import { Keypair, Transaction } from "@solana/web3.js";
import { chromium, type Browser, type Page } from "playwright-core";

import { SynqClient, formatTokenAmount, governancePda, loadConfig, registryPda, signReceipt, toBn, writeKeypair } from "@synq/sdk";

import { REPO_ROOT } from "../scripts/lib/localnet";
import { activateStakes, deployer, deployment, mintTo, network, sleep, synqWallet, tokenAccount, tokenBalance, warpClock, warpTo, type SynqWallet } from "./support";
import { startDashboard, startIndexer, type RunningService } from "./support/services";

const SYNQ = 1_000_000_000n;
const SHOTS = join(REPO_ROOT, "tests", "artifacts", "dashboard");
const CHROMIUM = process.env.SYNQ_CHROMIUM ?? "/usr/bin/chromium";

/** The page's amount format (dashboard/web/src/dom.ts): thousands separators, up to 4 decimals, no trailing zeros. */
function shown(units: bigint, decimals: number): string {
  const [whole = "0", fraction = ""] = formatTokenAmount(units, decimals).split(".");
  const digits = (whole === "0" ? fraction : fraction.slice(0, 4)).replace(/0+$/, "");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${digits === "" ? "" : `.${digits}`}`;
}

const grouped = (n: bigint): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", join("dashboard", "src", "cli.ts"), ...args], { cwd: REPO_ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

/**
 * Some history for the node's page: a report a report epoch after registering (its QoS), and a
 * challenge of a commitment it cannot answer (it holds no data), expired: QoS down, a failed proof.
 */
async function nodeHistory(operator: SynqWallet): Promise<void> {
  const client = network().client;
  const { reportEpochSeconds } = await client.registry.fetchConfig();
  await warpClock(reportEpochSeconds.toNumber() + 1);
  await client.send(await client.registry.submitReport(operator.pubkey, { bytesTransferred: 1_000_000n, sessionsServed: 10n, uptimeSeconds: reportEpochSeconds.toNumber() }), { signers: [operator.key] });
  await client.send(await client.registry.commitStorage(operator.pubkey, randomBytes(32), 4096n), { signers: [operator.key] });
  const { challengeSequence } = (await client.registry.fetchNode(operator.pubkey))!;
  await client.send(await client.registry.issueChallenge(network().wallet.publicKey, operator.pubkey));
  const { deadlineSlot } = (await client.registry.fetchChallenge(registryPda.node(operator.pubkey), challengeSequence))!;
  while ((await client.connection.getSlot("confirmed")) <= deadlineSlot.toNumber()) await sleep(200);
  await client.send(await client.registry.expireChallenge(operator.pubkey, challengeSequence));
}

/**
 * A Wallet Standard wallet registered in the page the way extensions register (the
 * `wallet-standard:*` window events), signing through `window.synqTestSign` (exposed by the test).
 */
function TEST_WALLET({ address, publicKey }: { address: string; publicKey: number[] }): void {
  const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
  const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const sign = (base64: string): Promise<string> => (globalThis as unknown as { synqTestSign(base64: string): Promise<string> }).synqTestSign(base64);
  const account = { address, publicKey: Uint8Array.from(publicKey), chains: ["solana:localnet"], features: ["solana:signTransaction"] };
  const wallet = {
    version: "1.0.0",
    name: "Test Wallet",
    icon: "data:image/svg+xml;base64,PHN2Zy8+",
    chains: ["solana:localnet"],
    accounts: [] as (typeof account)[],
    features: {
      "standard:connect": { version: "1.0.0", connect: async () => ({ accounts: [account] }) },
      "solana:signTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signTransaction: (...inputs: { transaction: Uint8Array }[]) => Promise.all(inputs.map(async (input) => ({ signedTransaction: fromBase64(await sign(toBase64(input.transaction))) }))),
      },
    },
  };
  const callback = ({ register }: { register(w: typeof wallet): void }): void => register(wallet);
  const events = globalThis as unknown as { addEventListener(type: string, listener: (event: { detail: { register(w: typeof wallet): void } }) => void): void; dispatchEvent(event: unknown): void };
  events.addEventListener("wallet-standard:app-ready", (event) => callback(event.detail));
  const Custom = (globalThis as unknown as { CustomEvent: new (type: string, init: { detail: unknown }) => unknown }).CustomEvent;
  events.dispatchEvent(new Custom("wallet-standard:register-wallet", { detail: callback }));
}

describe("the dashboard in a browser", function () {
  this.timeout(300_000);
  const scratch = mkdtempSync(join(tmpdir(), "synq-dashboard-"));
  let indexer: RunningService | undefined;
  let dashboard: RunningService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  let restore: () => Promise<void> = async () => undefined;
  let decimals: number;
  /** A developer with $SYNQ and stake in the operator's pool; the operator runs a registered node. */
  let developer: SynqWallet;
  let operator: SynqWallet;
  let keyFile: string;
  /** The proposal voted on by the developer (yes) and the operator (no): failing. */
  let failing: bigint | undefined;

  before(async () => {
    await deployment();
    const authority = await deployer();
    const client = network().client;
    decimals = (await getMint(client.connection, (await client.payments.fetchConfig()).mint, "confirmed")).decimals;
    // Votes lock stake through the governance program (as deployed with the handover), and
    // challenges open at once and close in seconds; put back whatever was set before.
    const [{ governance }, registry] = await Promise.all([client.staking.fetchConfig(), client.registry.fetchConfig()]);
    await client.send(
      [
        await client.staking.setParams(authority.publicKey, { governance: governancePda.authority() }),
        await client.registry.setParams(authority.publicKey, { challengeIntervalSlots: 1, responseWindowSlots: 4 }),
      ],
      { signers: [authority] },
    );
    restore = async () => {
      const { challengeIntervalSlots, responseWindowSlots } = registry;
      await client.send(
        [await client.staking.setParams(authority.publicKey, { governance }), await client.registry.setParams(authority.publicKey, { challengeIntervalSlots, responseWindowSlots })],
        { signers: [authority] },
      );
    };

    const minStake = BigInt((await client.registry.fetchConfig()).minStake.toString());
    operator = await synqWallet(minStake);
    developer = await synqWallet(2_000n * SYNQ);
    await client.send(await client.staking.createPool({ operator: operator.pubkey, commissionBps: 500 }), { signers: [operator.key] });
    await client.send(await client.staking.stake({ owner: operator.pubkey, operator: operator.pubkey, ownerTokens: operator.tokens, amount: minStake }), { signers: [operator.key] });
    // Over the proposal threshold (1,000 $SYNQ at deployment), so the developer can propose.
    await client.send(await client.staking.stake({ owner: developer.pubkey, operator: operator.pubkey, ownerTokens: developer.tokens, amount: 1_100n * SYNQ }), { signers: [developer.key] });
    await activateStakes(client, [
      { owner: operator.pubkey, operator: operator.pubkey },
      { owner: developer.pubkey, operator: operator.pubkey },
    ]);
    await client.send(await client.registry.registerNode(operator.pubkey, { endpoint: "http://127.0.0.1:1", region: 826, capacityBytes: 1_000_000n, models: 1 }), { signers: [operator.key] });
    await nodeHistory(operator);
    keyFile = join(scratch, "developer.json");
    writeKeypair(keyFile, developer.key);

    indexer = await startIndexer();
    dashboard = await startDashboard(indexer.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-background-networking"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => pageErrors.push(err.message));
    mkdirSync(SHOTS, { recursive: true });
  });

  afterEach(function () {
    if (this.currentTest?.state !== "failed") return;
    console.error(`--- dashboard, last lines:\n${dashboard?.lines.slice(-20).join("\n")}\n--- indexer, last lines:\n${indexer?.lines.slice(-20).join("\n")}`);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await dashboard?.stop();
    await indexer?.stop();
    await restore();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Opens a route and waits until the page has loaded its data. */
  async function open(route: string): Promise<void> {
    // The same hash again would not load the page again: by way of another route.
    if (page.url() === `${dashboard!.url}/#/${route}`) await open(route === "" ? "nodes" : "");
    await page.goto(`${dashboard!.url}/#/${route}`);
    try {
      await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    } catch (err) {
      // The page says why it could not load in its status line.
      throw new Error(`#/${route} did not load: ${await text("status")}`, { cause: err });
    }
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent())?.trim() ?? "";

  /** Waits until the element's text is `expected` (the page updates on its own). */
  async function until(testId: string, expected: string, timeout = 30_000): Promise<void> {
    await page.getByTestId(testId).first().filter({ hasText: expected }).waitFor({ timeout });
    assert.equal(await text(testId), expected);
  }

  it("serves its config, /health and /metrics, explains itself and refuses bad flags", async () => {
    const config = (await (await fetch(`${dashboard!.url}/config.json`)).json()) as Record<string, string>;
    assert.deepEqual(config, { rpcUrl: network().rpcUrl, wsUrl: network().wsUrl, graphqlUrl: indexer!.url });
    const health = await fetch(`${dashboard!.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok", indexer: true, ...config });
    // GraphQL reaches the indexer through the dashboard.
    const answer = (await (await fetch(`${dashboard!.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ _meta { slot } }" }) })).json()) as { data: { _meta: { slot: string } } };
    assert.match(answer.data._meta.slot, /^\d+$/);
    const metrics = await (await fetch(`${dashboard!.url}/metrics`)).text();
    assert.match(metrics, /synq_dashboard_http_requests_total\{route="\/graphql",status="200"\} 1/);
    assert.match(metrics, /synq_dashboard_bundle_bytes \d+/);
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--graphql-url URL/);
    const bad = await run(["--port", "http"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port must be 0\.\.65535/);
    assert.equal((await run(["--prot", "1"])).code, 2, "an unknown flag");
    // Without its indexer it says so; SIGTERM stops it cleanly.
    const orphan = await startDashboard("http://127.0.0.1:9/graphql");
    const degraded = await fetch(`${orphan.url}/health`);
    assert.equal(degraded.status, 503);
    assert.equal(((await degraded.json()) as { status: string }).status, "degraded");
    await orphan.stop();
    assert.equal(await orphan.child.exited, 0);
  });

  it("shows the network overview and the nodes with the chain's figures", async () => {
    const client = network().client;
    const [staking, payments] = await Promise.all([client.staking.fetchConfig(), client.payments.fetchConfig()]);
    const nodes = await client.registry.allNodes();
    await open("");
    assert.equal(await text("nodes-count"), `${nodes.filter((n) => "active" in n.account.status).length} / ${nodes.length}`);
    assert.equal(await text("total-stake"), `${shown(BigInt(staking.totalStaked.toString()), decimals)} $SYNQ`);
    assert.match(await text("epoch"), new RegExp(`^#${payments.currentEpoch.toString()} `));
    assert.equal(await text("burned"), `${shown(BigInt(payments.totalBurned.toString()), decimals)} $SYNQ`);
    // Recent events by time (the slot on hover), their fields in words.
    const recent = page.getByTestId("recent-events");
    assert.match((await recent.locator("tbody tr td").first().textContent()) ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.match((await recent.locator("tbody tr time").first().getAttribute("title")) ?? "", /^slot [\d,]+$/);
    assert.doesNotMatch((await recent.textContent()) ?? "", /[{}"]/, "no raw JSON");
    await shot("overview");

    await open("nodes");
    const address = registryPda.node(operator.pubkey).toBase58();
    const row = page.locator(`[data-testid="nodes-table"] tr`, { has: page.locator(`a[href="#/nodes/${address}"]`) });
    assert.match((await row.textContent()) ?? "", /Active.*0 \/ 1never/, "status, no proof passed and one failed, none answered");
    assert.equal(await page.locator('[data-testid="nodes-table"] tbody tr').count(), nodes.length);
    await shot("nodes");

    await row.locator("a").first().click();
    await page.waitForSelector('main[data-loaded="true"]');
    const node = (await client.registry.fetchNode(operator.pubkey))!;
    assert.match((await page.getByTestId("node-summary").textContent()) ?? "", new RegExp(`Active.*QoS${(node.qosBps / 100).toFixed(2)}%`));
    // The report's QoS and the missed challenge's, and the one failed proof.
    assert.equal(await page.getByTestId("qos-chart").locator("circle").count(), 2);
    assert.equal(await page.getByTestId("proofs-chart").locator("circle").count(), 1);
    // Time on the x axis, the slot in each point's tooltip.
    const ticks = await page.getByTestId("qos-chart").locator("text.tick").allTextContents();
    assert.ok(ticks.includes("time (UTC)") && ticks.some((t) => /^(\w{3} \d+ )?\d\d:\d\d(:\d\d)?$/.test(t)), `time ticks: ${ticks.join(" | ")}`);
    assert.match((await page.getByTestId("qos-chart").locator("circle title").first().textContent()) ?? "", /^QoS %: [\d.]+ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(slot [\d,]+\)$/);
    // Events in words and units, not JSON: the report's QoS and traffic, the missed challenge.
    const events = page.getByTestId("node-events");
    const report = (await events.locator("tr", { hasText: "ReportSubmitted" }).textContent()) ?? "";
    assert.match(report, /QoS \d+\.\d\d%.*transferred 1\.00 MB.*sessions 10/);
    assert.match((await events.locator("tr", { hasText: "ChallengeExpired" }).textContent()) ?? "", /QoS now \d+\.\d\d%.*proofs failed 1/);
    assert.doesNotMatch((await events.textContent()) ?? "", /[{}"]/, "no raw JSON");
    await shot("node");
  });

  it("refuses a file that is not a keypair, in words", async () => {
    await open("developer");
    await page.getByTestId("keypair-file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("[1, 2, 3]") });
    await page.getByTestId("wallet-error").filter({ hasText: "notes.json is not a keypair file" }).waitFor();
    await page.getByTestId("keypair-file").setInputFiles({ name: "garbage.json", mimeType: "application/json", buffer: Buffer.from("hello") });
    await page.getByTestId("wallet-error").filter({ hasText: "garbage.json is not a keypair file: not JSON" }).waitFor();
    await shot("bad-keypair");
  });

  it("loads a keypair file, buys credits and shows the new balance", async () => {
    await open("developer");
    await page.getByTestId("keypair-file").setInputFiles(keyFile);
    await until("wallet-address", `${developer.pubkey.toBase58().slice(0, 4)}…${developer.pubkey.toBase58().slice(-4)}`);
    assert.equal(await text("wallet-error"), "");
    await until("credit-balance", "0");
    await until("wallet-synq", `· ${shown(2_000n * SYNQ - 1_100n * SYNQ, decimals)} $SYNQ`);

    await page.getByTestId("buy-amount").fill("12,5");
    await page.getByTestId("buy-credits").click();
    await page.locator('[data-testid="status"].error').filter({ hasText: '"12,5" is not a token amount' }).waitFor();
    await page.getByTestId("buy-amount").fill("12.5");
    await page.getByTestId("buy-tier").selectOption("premium");
    await page.getByTestId("buy-credits").click();
    await page.getByTestId("status").filter({ hasText: "bought credits" }).waitFor({ timeout: 60_000 });
    const account = await network().client.payments.fetchCreditAccount(developer.pubkey);
    assert.ok(account !== null, "the credit account exists on chain");
    const config = await network().client.payments.fetchConfig();
    assert.equal(account.balance.toString(), (12_500_000_000n * BigInt(config.creditRate.toString())).toString());
    // The page shows it once the indexer has it (the subscription triggers the reload).
    await until("credit-balance", grouped(BigInt(account.balance.toString())));
    assert.equal(await text("credit-tier"), "Premium");
    await until("wallet-synq", `· ${shown(900n * SYNQ - 12_500_000_000n, decimals)} $SYNQ`);
    // A refusal comes back in words: more $SYNQ than the wallet holds.
    await page.getByTestId("buy-amount").fill("100000");
    await page.getByTestId("buy-credits").click();
    await page.locator('[data-testid="status"].error').filter({ hasText: "the transaction was refused: insufficient funds" }).waitFor({ timeout: 60_000 });
    await until("credit-balance", grouped(BigInt(account.balance.toString())));
    await shot("developer");
  });

  it("votes on a proposal and shows the tally change live, also for someone else's vote", async () => {
    const developerClient = new SynqClient(SynqClient.provider(loadConfig(), developer.key));
    const sent = await developerClient.governance.proposeParamChange({
      proposer: developer.pubkey,
      operator: operator.pubkey,
      title: "Two-hour epochs",
      descriptionUri: "https://example.org/two-hour-epochs",
      program: "paymentConfig",
      params: { epochLengthSeconds: toBn(7200) },
    });
    const id = sent.index.toString();
    failing = sent.index;
    await open("proposals");
    // The wallet loaded earlier is still in the page (a page, not a reload, between routes).
    await page.getByTestId(`proposal-${id}`).waitFor({ timeout: 30_000 });
    await until(`tally-yes-${id}`, "0");
    await until(`tally-no-${id}`, "0");
    await shot("proposals-before");
    // A marker a reload would lose: the updates below must arrive without one.
    await page.evaluate(() => Object.assign(globalThis, { synqNoReload: true }));

    await page.getByTestId(`vote-yes-${id}`).click();
    await page.getByTestId("status").filter({ hasText: `voted yes on #${id}` }).waitFor({ timeout: 60_000 });
    const afterYes = await network().client.governance.fetchProposal(sent.index);
    assert.ok(!afterYes.yesWeight.isZero());
    await until(`tally-yes-${id}`, shown(BigInt(afterYes.yesWeight.toString()), decimals));
    await until(`tally-votes-${id}`, "1");
    await page.getByTestId(`voted-${id}`).waitFor();

    // The operator votes no from elsewhere (the SDK here): the open page shows it by itself.
    await network().client.governance.vote({ voter: operator.pubkey, operator: operator.pubkey, index: sent.index, choice: "no", options: { signers: [operator.key] } });
    const afterNo = await network().client.governance.fetchProposal(sent.index);
    await until(`tally-no-${id}`, shown(BigInt(afterNo.noWeight.toString()), decimals));
    await until(`tally-votes-${id}`, "2");
    assert.equal(await page.evaluate(() => (globalThis as { synqNoReload?: boolean }).synqNoReload), true, "the page was not reloaded");
    await page.getByTestId(`outcome-${id}`).filter({ hasText: "failing" }).waitFor();
    await shot("proposals");
  });

  it("buys credits through a Wallet Standard wallet", async () => {
    // A wallet in the page by the standard's events, signing in this process with the key of
    // a second developer: what an extension (Phantom, Solflare, ...) does in its own process.
    const other = await synqWallet(50n * SYNQ);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const walletPage = await context.newPage();
      walletPage.on("pageerror", (err) => pageErrors.push(err.message));
      await walletPage.exposeFunction("synqTestSign", (base64: string) => {
        const tx = Transaction.from(Buffer.from(base64, "base64"));
        tx.partialSign(other.key);
        return tx.serialize({ requireAllSignatures: false }).toString("base64");
      });
      await walletPage.addInitScript(TEST_WALLET, { address: other.pubkey.toBase58(), publicKey: Array.from(other.pubkey.toBytes()) });
      await walletPage.goto(`${dashboard!.url}/#/developer`);
      await walletPage.getByTestId("connect-wallet").filter({ hasText: "Test Wallet" }).click();
      await walletPage.getByTestId("wallet-address").filter({ hasText: other.pubkey.toBase58().slice(0, 4) }).waitFor();
      await walletPage.getByTestId("buy-amount").fill("2");
      await walletPage.getByTestId("buy-credits").click();
      await walletPage.getByTestId("status").filter({ hasText: "bought credits" }).waitFor({ timeout: 60_000 });
      const account = (await network().client.payments.fetchCreditAccount(other.pubkey))!;
      assert.equal(account.purchased.toString(), (2n * SYNQ * BigInt((await network().client.payments.fetchConfig()).creditRate.toString())).toString());
      await walletPage.getByTestId("credit-balance").filter({ hasText: grouped(BigInt(account.balance.toString())) }).waitFor();
      await walletPage.screenshot({ path: join(SHOTS, "wallet-standard.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("shows the developer's usage, an ended epoch with its usage and claim, and the page raised no errors", async () => {
    // Usage settled on the developer's channel to the node, the epoch ended and its reward claimed.
    const client = network().client;
    const config = await client.payments.fetchConfig();
    const node = registryPda.node(operator.pubkey);
    await client.send(await client.payments.fundChannel({ owner: developer.pubkey, node, amount: 1_000_000n }), { signers: [developer.key] });
    const receipt = signReceipt(developer.key, { mint: config.mint, node, cumulativeCredits: 400_000n, nonce: 1n });
    await client.send(await client.payments.settleUsage({ operator: operator.pubkey, receipt }), { signers: [operator.key] });
    const current = await client.payments.currentEpoch();
    await warpTo((await client.payments.fetchEpoch(current))!.startedAt.toNumber() + config.epochLengthSeconds.toNumber() + 1);
    await client.send(await client.payments.advanceEpoch(network().wallet.publicKey, current));
    const ended = (await client.payments.fetchEpoch(current))!;
    assert.ok(!ended.pool.isZero());

    // The node's reward, claimed from the page (the wallet loaded earlier pays the claim's rent).
    await open(`epochs/${current}`);
    const detail = page.getByTestId("epoch-detail");
    await detail.filter({ hasText: "Usage settled per node" }).waitFor();
    const usageRow = page.locator('[data-testid="epoch-usage"] tr', { hasText: "400,000" });
    await usageRow.getByTestId(`claim-${node.toBase58()}`).waitFor();
    await shot("epoch-claimable");
    await usageRow.getByTestId(`claim-${node.toBase58()}`).click();
    await page.getByTestId("status").filter({ hasText: `in epoch #${current} (tx ` }).waitFor({ timeout: 60_000 });
    const claim = (await client.payments.fetchClaimStatus(current, node))!;
    assert.ok(claim !== null && !claim.amount.isZero(), "the claim is on chain");
    assert.match(await text("status"), new RegExp(`^claimed ${shown(BigInt(claim.amount.toString()), decimals).replace(/\./g, "\\.")} \\$SYNQ for `));
    // Once indexed, the page shows it claimed (its reward, as the SDK computes it, is what was paid).
    await page.getByTestId(`claimed-${node.toBase58()}`).waitFor({ timeout: 30_000 });
    assert.match((await usageRow.textContent()) ?? "", new RegExp(`400,000.*${shown(BigInt(claim.amount.toString()), decimals).replace(/\./g, "\\.")}claimed`));
    assert.match((await detail.textContent()) ?? "", new RegExp(`Claims \\(1\\).*${shown(BigInt(claim.amount.toString()), decimals).replace(/\./g, "\\.")}`));
    await shot("epoch");

    // A malformed epoch in the address bar is named, not sent to the indexer.
    await open("epochs/12x");
    await page.getByTestId("epoch-detail").filter({ hasText: '"12x" is not an epoch number' }).waitFor();

    await open("epochs");
    const row = page.locator('[data-testid="epochs-table"] tr', { has: page.locator(`a[href="#/epochs/${current}"]`) });
    await row.filter({ hasText: `#${current}Ended${shown(BigInt(ended.pool.toString()), decimals)}400,0001` }).waitFor();
    await page.locator(`[data-testid="epochs-table"] a[href="#/epochs/${current + 1n}"]`).waitFor();
    await shot("epochs");

    await open(`developer/${developer.pubkey.toBase58()}`);
    assert.equal(await page.getByTestId("credits-chart").locator("circle").count(), 2, "one purchase: its balance and total");
    await page.getByTestId("usage-chart").locator("circle").first().waitFor();
    assert.equal(await page.getByTestId("usage-chart").locator("circle").count(), 1, "one settlement");
    await shot("developer-usage");
    assert.deepEqual(pageErrors, []);
  });

  it("votes with a position picked among several, then finalizes and executes proposals after their periods", async () => {
    const client = network().client;
    const gov = await client.governance.fetchConfig();
    const { mint } = await deployment();
    // A second position for the developer, in another operator's pool, large enough to reach
    // quorum alone against whatever else is staked on this cluster.
    const other = await synqWallet(0n);
    await client.send(await client.staking.createPool({ operator: other.pubkey, commissionBps: 0 }), { signers: [other.key] });
    const { totalStaked } = await client.staking.fetchConfig();
    const big = ((BigInt(totalStaked.toString()) * BigInt(gov.quorumBps)) / BigInt(10_000 - gov.quorumBps) / SYNQ + 2_000n) * 2n * SYNQ;
    await mintTo(mint, developer.tokens, big, await deployer());
    await client.send(await client.staking.stake({ owner: developer.pubkey, operator: other.pubkey, ownerTokens: developer.tokens, amount: big }), { signers: [developer.key] });
    await activateStakes(client, [{ owner: developer.pubkey, operator: other.pubkey }]);
    const power = await client.staking.positionValue(other.pubkey, developer.pubkey);

    // A proposal whose action the governance PDA can carry out without any config authority: a
    // treasury-style payment, 5 $SYNQ from the PDA's token account (funded here) to a fresh one.
    const treasury = await tokenAccount(mint, governancePda.authority());
    await mintTo(mint, treasury, 5n * SYNQ, await deployer());
    const recipient = await tokenAccount(mint, Keypair.generate().publicKey);
    const developerClient = new SynqClient(SynqClient.provider(loadConfig(), developer.key));
    const payout = await developerClient.governance.propose({
      proposer: developer.pubkey,
      operator: operator.pubkey,
      title: "Pay 5 $SYNQ",
      descriptionUri: "https://example.org/pay",
      instructions: [createTransferInstruction(treasury, recipient, governancePda.authority(), 5n * SYNQ)],
    });
    const id = payout.index.toString();
    assert.ok(failing !== undefined, "the voting test ran");
    const defeated = failing.toString();

    await open("proposals");
    const picker = page.getByTestId(`vote-position-${id}`);
    // Once the indexer has the new position (the page reloads on its change).
    await picker.locator("option").nth(1).waitFor({ state: "attached" });
    assert.equal(await picker.locator("option").count(), 2, "the developer's two positions");
    const firstOption = (await picker.locator("option").first().textContent()) ?? "";
    assert.match(firstOption, new RegExp(`^${shown(power, decimals).replace(/\./g, "\\.")} \\$SYNQ in ${other.pubkey.toBase58().slice(0, 4)}`), `largest first: ${firstOption}`);
    await picker.selectOption(other.pubkey.toBase58());
    await shot("proposals-picker");
    await page.getByTestId(`vote-yes-${id}`).click();
    await page.getByTestId("status").filter({ hasText: `voted yes on #${id}` }).waitFor({ timeout: 60_000 });
    const record = await client.governance.fetchVoteRecord(payout.index, other.pubkey, developer.pubkey);
    assert.ok(record !== null && BigInt(record.weight.toString()) === power, "voted with the picked position's stake");
    assert.equal(await client.governance.fetchVoteRecord(payout.index, operator.pubkey, developer.pubkey), null, "not with the other");
    await until(`tally-yes-${id}`, shown(power, decimals));
    // The other position may still vote: no picker for one, the buttons stay.
    await page.getByTestId(`voted-${id}`).waitFor();
    await page.getByTestId(`vote-no-${id}`).waitFor();
    assert.equal(await page.getByTestId(`vote-position-${id}`).count(), 0);
    assert.equal(await page.getByTestId(`finalize-${id}`).count(), 0, "no finalize while voting");

    // After the voting period anyone may finalize: one passes (queued), one is defeated.
    await warpTo((await client.governance.fetchProposal(payout.index)).votingEndsAt.toNumber());
    await open("proposals");
    await page.getByTestId(`finalize-${id}`).click();
    await page.getByTestId("status").filter({ hasText: `finalized #${id}: queued, executable from ` }).waitFor({ timeout: 60_000 });
    await until(`state-${id}`, "Queued");
    await page.getByTestId(`finalize-${defeated}`).click();
    await page.getByTestId("status").filter({ hasText: `finalized #${defeated}: defeated` }).waitFor({ timeout: 60_000 });
    await until(`state-${defeated}`, "Defeated");
    assert.equal(await page.getByTestId(`execute-${id}`).count(), 0, "not before the timelock");
    await page.getByTestId(`proposal-${id}`).filter({ hasText: "executable from" }).waitFor();
    await shot("proposals-finalized");

    // After the timelock, execute carries out the action.
    await warpTo((await client.governance.fetchProposal(payout.index)).eta.toNumber());
    await open("proposals");
    await page.getByTestId(`execute-${id}`).click();
    await page.getByTestId("status").filter({ hasText: `executed #${id} (tx ` }).waitFor({ timeout: 60_000 });
    assert.equal(await tokenBalance(recipient), 5n * SYNQ);
    await until(`state-${id}`, "Executed");
    await shot("proposals-executed");
    assert.deepEqual(pageErrors, []);
  });
});
