/**
 * An unmodified @solana/kit client against localnet: HTTP RPC and PubSub notifications the way
 * kit's own factories use them.
 */
import { BN } from "@coral-xyz/anchor";
import {
  address,
  airdropFactory,
  appendTransactionMessageInstruction,
  assertIsTransactionWithBlockhashLifetime,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64EncodedWireTransaction,
  getBase58Decoder,
  getSignatureFromTransaction,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type KeyPairSigner,
  type Rpc,
  type RpcSubscriptions,
  type SolanaRpcApi,
  type SolanaRpcSubscriptionsApi,
} from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import assert from "node:assert/strict";

import { pda } from "@synq/sdk";

import { createMint, network } from "./support";

const SOL = 1_000_000_000n;

describe("@solana/kit client", () => {
  let rpc: Rpc<SolanaRpcApi>;
  let rpcSubscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  let payer: KeyPairSigner;
  const aborts: AbortController[] = [];

  /** An abort signal torn down after the test, so no subscription outlives it. */
  function signal(): AbortSignal {
    const controller = new AbortController();
    aborts.push(controller);
    return controller.signal;
  }

  before(async () => {
    rpc = createSolanaRpc(network().rpcUrl);
    rpcSubscriptions = createSolanaRpcSubscriptions(network().wsUrl);
    payer = await generateKeyPairSigner();
    await airdropFactory({ rpc, rpcSubscriptions })({
      recipientAddress: payer.address,
      lamports: lamports(10n * SOL),
      commitment: "confirmed",
    });
  });

  afterEach(() => {
    for (const controller of aborts.splice(0)) controller.abort();
  });

  async function transfer(to: Address, amount: bigint): Promise<string> {
    const { value: blockhash } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source: payer, destination: to, amount }), m),
    );
    const signed = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(signed);
    await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions })(signed, { commitment: "confirmed" });
    return getSignatureFromTransaction(signed);
  }

  it("airdrops and transfers with confirmation by subscription", async () => {
    const { value: funded } = await rpc.getBalance(payer.address, { commitment: "confirmed" }).send();
    assert.equal(funded, 10n * SOL);
    const recipient = (await generateKeyPairSigner()).address;
    const signature = await transfer(recipient, SOL / 4n);
    const { value: received } = await rpc.getBalance(recipient, { commitment: "confirmed" }).send();
    assert.equal(received, SOL / 4n);
    const { value: statuses } = await rpc.getSignatureStatuses([signature as never]).send();
    assert.equal(statuses[0]?.err, null);
    const { value: after } = await rpc.getBalance(payer.address, { commitment: "confirmed" }).send();
    assert.ok(after < 10n * SOL - SOL / 4n, "the fee was charged too");
  });

  it("filters getProgramAccounts with memcmp and dataSize", async () => {
    const { client, wallet } = network();
    const probe = client.programs.runtimeProbe;
    const mint = await createMint();
    await client.send(probe.methods.createVault().accounts({ admin: wallet.publicKey, mint }));
    const vault = pda.probeVault(mint).toBase58();

    // Vault layout: 8-byte discriminator, admin (32), mint (32), ...
    const accounts = await rpc
      .getProgramAccounts(address(probe.programId.toBase58()), {
        encoding: "base64",
        filters: [
          { memcmp: { offset: 40n, bytes: mint.toBase58() as never, encoding: "base58" } },
          { dataSize: BigInt(8 + 32 + 32 + 32 + 1) },
        ],
      })
      .send();
    assert.deepEqual(
      accounts.map((a) => a.pubkey),
      [vault],
    );
    const none = await rpc
      .getProgramAccounts(address(probe.programId.toBase58()), {
        encoding: "base64",
        filters: [{ memcmp: { offset: 40n, bytes: getBase58Decoder().decode(new Uint8Array(32).fill(7)) as never, encoding: "base58" } }],
      })
      .send();
    assert.equal(none.length, 0);
  });

  it("notifies accountSubscribe on a balance change", async () => {
    const watched = (await generateKeyPairSigner()).address;
    const notifications = await rpcSubscriptions
      .accountNotifications(watched, { commitment: "confirmed", encoding: "base64" })
      .subscribe({ abortSignal: signal() });
    const first = (async () => {
      for await (const notification of notifications) return notification.value.lamports;
      throw new Error("account subscription closed");
    })();
    await transfer(watched, 1_000_000n); // rent-exempt, as a validator requires for a new account
    assert.equal(await first, 1_000_000n);
  });

  it("notifies logsSubscribe for a program mention", async () => {
    const { client, wallet } = network();
    const probe = client.programs.runtimeProbe;
    const logs = await rpcSubscriptions
      .logsNotifications({ mentions: [address(probe.programId.toBase58())] }, { commitment: "confirmed" })
      .subscribe({ abortSignal: signal() });
    const seen = (async () => {
      for await (const notification of logs) {
        if (notification.value.logs.includes("Program log: echo 99 kit")) return notification.value;
      }
      throw new Error("logs subscription closed");
    })();
    const signature = await client.send(probe.methods.echo(new BN(99), "kit").accounts({ caller: wallet.publicKey }));
    const value = await seen;
    assert.equal(value.signature, signature);
    assert.equal(value.err, null);
  });

  it("notifies signatureSubscribe when the transaction lands", async () => {
    const recipient = (await generateKeyPairSigner()).address;
    const { value: blockhash } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
    const signed = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(payer, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source: payer, destination: recipient, amount: 1_000_000n }), m),
      ),
    );
    const signature = getSignatureFromTransaction(signed);
    const statuses = await rpcSubscriptions
      .signatureNotifications(signature, { commitment: "confirmed" })
      .subscribe({ abortSignal: signal() });
    const landed = (async () => {
      for await (const notification of statuses) return notification.value;
      throw new Error("signature subscription closed");
    })();
    await rpc.sendTransaction(getBase64EncodedWireTransaction(signed), { encoding: "base64" }).send();
    const value = await landed;
    assert.ok(!("err" in value) || value.err === null, JSON.stringify(value));
    const { value: balance } = await rpc.getBalance(recipient, { commitment: "confirmed" }).send();
    assert.equal(balance, 1_000_000n);
  });
});
