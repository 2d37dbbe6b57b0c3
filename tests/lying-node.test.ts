/**
 * A node that lies about usage is not paid for the lie (docs/paid-access.md): a registered node
 * whose endpoint is a small HTTP server of this test, signing statements with the operator's own
 * key, is refused a receipt by `SynqDataClient` for every statement the client cannot recompute.
 * The honest statement first shows the same session does sign, so no refusal below is vacuous;
 * after each lie the node has received no receipt at all.
 */
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import {
  DataModel,
  KeypairWallet,
  SynqClient,
  USAGE_HEADER,
  UsageDisputeError,
  chainTime,
  encodeUsageStatement,
  paymentsPda,
  periodCredits,
  registryPda,
  signUsageStatement,
  type SynqDataClient,
  type UsageStatement,
} from "@synq/sdk";

import { deployer, deployment, network, synqWallet, warpClock, type SynqWallet } from "./support";

const SYNQ = 1_000_000_000n;

/** The lying node: answers every data request with the statement the test queued, records receipts. */
class ScriptedNode {
  readonly receipts: bigint[] = [];
  next: ((queries: bigint) => UsageStatement & { signer?: Keypair }) | undefined;
  private server: Server | undefined;
  private served = 0n;

  constructor(private readonly operator: Keypair) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        };
        if (req.method === "GET" && req.url === "/v1/usage") return reply(200, { metering: { receiptNonce: "0", receipted: "0" } });
        if (req.method === "POST" && req.url === "/v1/receipts") {
          const receipt = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { cumulativeCredits: string };
          this.receipts.push(BigInt(receipt.cumulativeCredits));
          return reply(200, { accepted: true });
        }
        this.served++;
        const script = this.next;
        this.next = undefined;
        if (script === undefined) return reply(200, { ok: true });
        const { signer, ...statement } = script(this.served);
        return reply(200, { ok: true }, { [USAGE_HEADER]: encodeUsageStatement(signUsageStatement(signer ?? this.operator, statement)) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    // fetch keeps connections alive: end them, or close() waits for them.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}

describe("a node that lies about usage", function () {
  this.timeout(300_000);
  let node: ScriptedNode;
  let db: SynqDataClient;
  let alice: SynqWallet;
  let nodeAddress: PublicKey;
  let restore: () => Promise<void> = async () => undefined;
  /** The statement an honest node would send for `queries` queries this period. */
  let honest: (queries: bigint, priorCredits?: bigint) => UsageStatement;
  const MAX_STEP = 1_000_000n;

  before(async () => {
    const client = network().client;
    const { mint } = await deployment();
    const authority = await deployer();
    const { minStake } = await client.registry.fetchConfig();
    restore = async () => {
      await client.send(await client.registry.setParams(authority.publicKey, { minStake }), { signers: [authority] });
    };
    await client.send(await client.registry.setParams(authority.publicKey, { minStake: 1n * SYNQ }), { signers: [authority] });

    // The operator stakes and registers a node whose endpoint is the scripted server.
    const operator = await synqWallet(2n * SYNQ);
    node = new ScriptedNode(operator.key);
    const endpoint = await node.listen();
    await client.send(
      [
        await client.staking.createPool({ operator: operator.pubkey, commissionBps: 500 }),
        await client.staking.stake({ owner: operator.pubkey, operator: operator.pubkey, ownerTokens: operator.tokens, amount: 2n * SYNQ }),
      ],
      { signers: [operator.key] },
    );
    const position = (await client.staking.fetchPosition(operator.pubkey, operator.pubkey))!;
    const wait = position.warming.activeAt.toNumber() - (await chainTime(client.connection));
    if (wait >= 0) await warpClock(wait + 1);
    await client.send(
      [
        await client.staking.activateStake({ owner: operator.pubkey, operator: operator.pubkey }),
        await client.registry.registerNode(operator.pubkey, { endpoint, region: 0, capacityBytes: 1_000_000_000n, models: DataModel.Kv | DataModel.Documents | DataModel.Vectors | DataModel.TimeSeries }),
      ],
      { signers: [operator.key] },
    );
    nodeAddress = registryPda.node(operator.pubkey);

    // The developer: Standard credits and a channel to that node.
    alice = await synqWallet(10n * SYNQ);
    const aliceClient = new SynqClient(new AnchorProvider(client.connection, new KeypairWallet(alice.key), { commitment: "confirmed" }), { deployment: await deployment() });
    await aliceClient.send(await aliceClient.payments.buyCredits({ buyer: alice.pubkey, buyerTokens: alice.tokens, amount: 5n * SYNQ, tier: "standard" }), { signers: [alice.key] });
    db = await aliceClient.data({ node: nodeAddress, deposit: 5_000_000n, maxReceiptCredits: MAX_STEP });

    const { prices, creditRate } = await client.payments.fetchConfig();
    // The node's period numbering is its own business; one past the chain's epoch leaves room below.
    const period = (await client.payments.currentEpoch()) + 1n;
    honest = (queries, priorCredits = 0n) => {
      const usage = { queries, vectors: 0n, storageByteSeconds: 0n };
      return {
        mint,
        node: nodeAddress,
        creditAccount: paymentsPda.creditAccount(alice.pubkey),
        tier: "standard",
        period,
        ...usage,
        priorCredits,
        credits: priorCredits + periodCredits(prices.standard, creditRate, usage),
        issuedAt: BigInt(Date.now()),
      };
    };
  });

  after(async () => {
    await node?.close();
    await restore();
  });

  /** Sends one KV write whose response carries the scripted statement; the error it ends with. */
  async function writeWith(script: (queries: bigint) => UsageStatement & { signer?: Keypair }): Promise<unknown> {
    node.next = script;
    return db.kv.set(`k${Date.now()}`, "v").then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  function assertRefused(outcome: unknown, pattern: RegExp): void {
    assert.ok(outcome instanceof UsageDisputeError, `refused as a dispute: ${String(outcome)}`);
    assert.match(outcome.message, pattern);
  }

  it("signs a receipt for an honest statement (the session under test does pay)", async () => {
    const statement = honest(1n);
    assert.ok(statement.credits > 0n, "a Standard query costs credits");
    assert.equal(await writeWith(() => statement), undefined);
    assert.deepEqual(node.receipts, [statement.credits]);
  });

  it("refuses more credits than its counts come to at the chain's prices", async () => {
    const before = node.receipts.length;
    assertRefused(await writeWith(() => ({ ...honest(2n), credits: honest(2n).credits + 1n })), /table's prices come to/);
    assert.equal(node.receipts.length, before, "no receipt sent");
  });

  it("refuses a statement counting more queries than the client sent", async () => {
    const before = node.receipts.length;
    // Two requests were sent since the last accepted statement (one refused above, this one).
    assertRefused(await writeWith(() => honest(1n + 2n + 5n)), /counts 7 queries since its last statement; this client sent 2/);
    assert.equal(node.receipts.length, before);
  });

  it("refuses a statement signed by another key than the node's operator", async () => {
    const before = node.receipts.length;
    assertRefused(await writeWith(() => ({ ...honest(2n), signer: Keypair.generate() })), /not signed by the node's operator/);
    assert.equal(node.receipts.length, before);
  });

  it("refuses a statement about another developer's account or another node", async () => {
    const before = node.receipts.length;
    assertRefused(await writeWith(() => ({ ...honest(2n), creditAccount: paymentsPda.creditAccount(Keypair.generate().publicKey) })), /another network, node or account/);
    assertRefused(await writeWith(() => ({ ...honest(2n), node: Keypair.generate().publicKey })), /another network, node or account/);
    assert.equal(node.receipts.length, before);
  });

  it("refuses a statement pricing another tier than the account's", async () => {
    const before = node.receipts.length;
    assertRefused(await writeWith(() => ({ ...honest(2n), tier: "premium" })), /prices the premium tier; the account is on standard/);
    assert.equal(node.receipts.length, before);
  });

  it("refuses a statement that goes back on an earlier period", async () => {
    const before = node.receipts.length;
    const earlier = honest(2n);
    assertRefused(await writeWith(() => ({ ...earlier, period: earlier.period - 1n, priorCredits: 0n, credits: node.receipts[0] + 10n })), /goes back on an earlier one/);
    assert.equal(node.receipts.length, before);
  });

  it("refuses a step larger than the client signs at once (storage it cannot count)", async () => {
    const before = node.receipts.length;
    const { prices, creditRate } = await network().client.payments.fetchConfig();
    // Storage the client cannot recount, priced exactly: only the step limit stands in the way.
    const usage = { queries: 2n, vectors: 0n, storageByteSeconds: 10n ** 17n };
    const statement = { ...honest(2n), ...usage, credits: periodCredits(prices.standard, creditRate, usage) };
    assert.ok(statement.credits - node.receipts[0] > MAX_STEP, "the lie is larger than one step");
    assertRefused(await writeWith(() => statement), /at most 1000000/);
    assert.equal(node.receipts.length, before);
  });
});
