/**
 * The SDK's Umi plugin against localnet: a Umi client (`umi-bundle-defaults`, unmodified) with
 * `synq()` installed knows the programs by name, reads their accounts, and names a Synq program
 * error when a transaction it sends fails.
 */
import { BN } from "@coral-xyz/anchor";
import { keypairIdentity, publicKey, transactionBuilder, type Umi } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { fromWeb3JsInstruction, fromWeb3JsKeypair } from "@metaplex-foundation/umi-web3js-adapters";
import assert from "node:assert/strict";

import { PROGRAM_KEYS, RAW_IDLS, SynqProgramError, programId, synq, synqProgramId, umiProgramName } from "@synq/sdk";

import { deployer, deployment, fundedKeypair, mintTo, network, tokenAccount, tokenBalance } from "./support";

describe("Umi plugin", () => {
  let umi: Umi;

  before(async () => {
    await deployment();
    umi = createUmi(network().rpcUrl, "confirmed").use(synq());
  });

  it("registers every Synq program under its name and id", () => {
    for (const key of PROGRAM_KEYS) {
      assert.equal(synqProgramId(umi, key).toString(), programId(key).toBase58());
      assert.equal(umi.programs.get(umiProgramName(key)).publicKey.toString(), programId(key).toBase58());
    }
    assert.equal(umiProgramName("paymentConfig"), "synqPaymentConfig");
  });

  it("reads a program account through Umi's RPC", async () => {
    const config = network().client.payments.pda.config();
    const account = await umi.rpc.getAccount(publicKey(config.toBase58()));
    assert.ok(account.exists, "the payment config exists");
    assert.equal(account.owner.toString(), programId("paymentConfig").toBase58());
    const decoded = network().client.programs.paymentConfig.coder.accounts.decode("config", Buffer.from(account.data));
    assert.equal(decoded.feeSplit.operatorsBps, 7000);
  });

  it("names a Synq program error when a Umi transaction fails", async () => {
    const { mint } = await deployment();
    const buyer = await fundedKeypair();
    const buyerTokens = await tokenAccount(mint, buyer.publicKey);
    await mintTo(mint, buyerTokens, 1_000n, await deployer());
    const { client } = network();
    // The Free tier cannot be bought: the program fails with InvalidTier.
    const ix = await client.programs.paymentConfig.methods
      .buyCredits(new BN(10), { free: {} })
      .accountsPartial({
        buyer: buyer.publicKey,
        creditAccount: client.payments.pda.creditAccount(buyer.publicKey),
        buyerTokens,
        mint,
        treasury: client.payments.pda.treasury(),
        rewardVault: client.payments.pda.rewardVault(),
      })
      .instruction();
    umi.use(keypairIdentity(fromWeb3JsKeypair(buyer)));
    const builder = transactionBuilder().add({ instruction: fromWeb3JsInstruction(ix), signers: [umi.identity], bytesCreatedOnChain: 0 });
    let failure: unknown;
    try {
      await builder.sendAndConfirm(umi);
    } catch (err) {
      failure = err;
    }
    assert.ok(failure instanceof SynqProgramError, `expected a SynqProgramError, got ${String(failure)}`);
    assert.equal(failure.name, "InvalidTier");
    const idlError = (RAW_IDLS.paymentConfig.errors ?? []).find((e) => e.name === "InvalidTier");
    assert.equal(failure.code, idlError?.code);
    assert.equal(failure.program.name, "synqPaymentConfig");
    assert.equal(await tokenBalance(buyerTokens), 1_000n, "the failed purchase moved nothing");
  });
});
