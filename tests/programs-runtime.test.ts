/**
 * The Synq programs and the runtime probe over JSON-RPC with @coral-xyz/anchor through the SDK:
 * what a client sees must be what it would see from a validator running the SBF builds.
 */
import { BN, BorshCoder, EventParser } from "@coral-xyz/anchor";
import { Keypair, PublicKey, SystemProgram, Transaction, type TransactionInstruction } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID, getAccount } from "@solana/spl-token";
import assert from "node:assert/strict";

import { pda } from "@synq/sdk";

import {
  createMint,
  deployment,
  expectAnchorError,
  expectTxError,
  fundedKeypair,
  mintTo,
  network,
  tokenAccount,
  tokenBalance,
} from "./support";

/** anchor-lang ErrorCode::AccountNotSigner. */
const ACCOUNT_NOT_SIGNER = 3010;

describe("programs on localnet over RPC", () => {
  describe("initialisation by migrations/deploy.ts", () => {
    it("initialises every program's config PDA through system CPI, with Rent and Clock", async () => {
      const { client, connection } = network();
      const deployed = await deployment();
      const { registry, staking, paymentConfig, governance } = client.programs;

      const registryConfig = await registry.account.registryConfig.fetch(pda.registryConfig());
      assert.ok(registryConfig.authority.equals(deployed.authority));
      assert.ok(registryConfig.minStake.gtn(0));
      const stakeConfig = await staking.account.stakeConfig.fetch(pda.stakingConfig());
      assert.ok(stakeConfig.mint.equals(deployed.mint));
      assert.ok(stakeConfig.slasher.equals(pda.slasher()), "staking's slasher is the registry slasher PDA");
      const payment = await paymentConfig.account.config.fetch(pda.paymentConfig());
      assert.deepEqual(
        { operators: payment.feeSplit.operatorsBps, treasury: payment.feeSplit.treasuryBps, burn: payment.feeSplit.burnBps },
        { operators: 7000, treasury: 2000, burn: 1000 },
      );
      assert.ok(payment.treasury.equals(pda.treasury()));
      assert.equal(payment.paused, false);
      const governanceConfig = await governance.account.governanceConfig.fetch(pda.governanceConfig());
      assert.ok(governanceConfig.authority.equals(pda.governanceAuthority()));

      // `init` paid exactly the rent-exempt minimum (Rent::get inside the program) ...
      for (const [address, owner] of [
        [pda.registryConfig(), registry.programId],
        [pda.stakingConfig(), staking.programId],
        [pda.paymentConfig(), paymentConfig.programId],
        [pda.governanceConfig(), governance.programId],
      ] as const) {
        const info = await connection.getAccountInfo(address, "confirmed");
        assert.ok(info, `${address.toBase58()} exists`);
        assert.ok(info.owner.equals(owner));
        assert.equal(info.lamports, await connection.getMinimumBalanceForRentExemption(info.data.length));
      }
      // ... and Clock::get gave the cluster's time.
      const now = Math.floor(Date.now() / 1000);
      for (const createdAt of [registryConfig.createdAt, stakeConfig.createdAt, payment.createdAt]) {
        assert.ok(Math.abs(createdAt.toNumber() - now) < 300, `created_at ${createdAt.toString()} is near ${now}`);
      }
      // The treasury is a real SPL token account of the mint, owned by the config PDA.
      const treasury = await getAccount(connection, pda.treasury(), "confirmed");
      assert.ok(treasury.mint.equals(payment.mint));
      assert.ok(treasury.owner.equals(pda.paymentConfig()));
    });

    it("refuses re-initialisation: the config account already exists", async () => {
      const { client, wallet, deployer } = network();
      await deployment();
      const err = await expectTxError(
        client.programs.registry.methods
          .initialize({ minStake: new BN(1), challengeIntervalSlots: new BN(1), responseWindowSlots: new BN(1) })
          .accounts({ payer: wallet.publicKey, authority: deployer.publicKey })
          .signers([deployer])
          .rpc(),
        0, // SystemError::AccountAlreadyInUse from the system program's create_account
      );
      assert.match(String((err as { logs?: string[] }).logs ?? err), /already in use/);
    });

    it("refuses a config at the wrong PDA (ConstraintSeeds)", async () => {
      const { client, wallet, deployer } = network();
      const [wrongConfig] = PublicKey.findProgramAddressSync([Buffer.from("not_the_config_seed")], client.programs.registry.programId);
      await expectAnchorError(
        client.programs.registry.methods
          .initialize({ minStake: new BN(1), challengeIntervalSlots: new BN(1), responseWindowSlots: new BN(1) })
          .accountsStrict({
            payer: wallet.publicKey,
            authority: deployer.publicKey,
            programData: pda.programData("registry"),
            config: wrongConfig,
            systemProgram: SystemProgram.programId,
          })
          .signers([deployer])
          .rpc(),
        "ConstraintSeeds",
      );
    });

    it("refuses an authority that did not sign (AccountNotSigner)", async () => {
      const { client, wallet } = network();
      const absent = Keypair.generate();
      const ix: TransactionInstruction = await client.programs.governance.methods
        .initialize({
          guardian: wallet.publicKey,
          quorumBps: 1,
          approvalThresholdBps: 1,
          votingPeriodSeconds: new BN(1),
          timelockSeconds: new BN(0),
          proposalThreshold: new BN(0),
        })
        .accounts({ payer: absent.publicKey, authority: absent.publicKey })
        .instruction();
      // Keep the account but drop its signature: the program must notice, not the client.
      ix.keys = ix.keys.map((meta) => (meta.pubkey.equals(absent.publicKey) ? { ...meta, isSigner: false } : meta));
      await expectTxError(client.send(ix), ACCOUNT_NOT_SIGNER);
    });
  });

  describe("runtime probe", () => {
    it("moves SPL tokens by a CPI signed with a program PDA, balances read back over RPC", async () => {
      const { client, connection, wallet } = network();
      const probe = client.programs.runtimeProbe;
      const mint = await createMint();
      await client.send(probe.methods.createVault().accounts({ admin: wallet.publicKey, mint }));
      const vault = pda.probeVault(mint);
      const vaultTokens = pda.probeVaultTokens(mint);
      const state = await probe.account.vault.fetch(vault);
      assert.ok(state.admin.equals(wallet.publicKey));
      assert.ok(state.tokens.equals(vaultTokens));
      await mintTo(mint, vaultTokens, 1_000n);
      const recipient = Keypair.generate().publicKey;
      const destination = await tokenAccount(mint, recipient);

      const release = (admin: PublicKey, amount: number) =>
        probe.methods
          .release(new BN(amount))
          .accountsStrict({ admin, vault, vaultTokens, destination, tokenProgram: TOKEN_PROGRAM_ID });
      await client.send(release(wallet.publicKey, 400));
      assert.equal((await connection.getTokenAccountBalance(vaultTokens, "confirmed")).value.amount, "600");
      assert.equal((await connection.getTokenAccountBalance(destination, "confirmed")).value.amount, "400");

      // Wrong signer: only the vault's admin may release.
      const stranger = await fundedKeypair();
      await expectAnchorError(client.send(release(stranger.publicKey, 1), { signers: [stranger] }), "ConstraintHasOne");
      // More than the vault holds: SPL Token's InsufficientFunds (1) aborts the whole instruction.
      await expectTxError(client.send(release(wallet.publicKey, 10_000)), 1);
      assert.equal(await tokenBalance(vaultTokens), 600n, "failed transactions moved nothing");
    });

    it("delivers emit! events to addEventListener and in fetched transactions", async () => {
      const { client, connection, wallet } = network();
      const probe = client.programs.runtimeProbe;
      const received = new Promise<{ value: string; note: string; signature: string }>((resolve) => {
        const listener = probe.addEventListener("echoed", (event, _slot, signature) => {
          void probe.removeEventListener(listener);
          resolve({ value: event.value.toString(), note: event.note, signature });
        });
      });
      // Let the logsSubscribe subscription register before the transaction lands.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signature = await client.send(probe.methods.echo(new BN(7), "hello").accounts({ caller: wallet.publicKey }));
      const event = await withTimeout(received, 15_000, "event listener");
      assert.deepEqual(event, { value: "7", note: "hello", signature });

      const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      assert.ok(tx?.meta?.logMessages, "transaction with logs");
      const parser = new EventParser(probe.programId, new BorshCoder(probe.idl));
      const events = [...parser.parseLogs(tx.meta.logMessages)];
      assert.equal(events.length, 1, "the event is logged exactly once");
      assert.equal(events[0].name, "echoed");
      assert.equal((events[0].data as { value: BN }).value.toString(), "7");
      assert.ok(tx.meta.logMessages.includes("Program log: echo 7 hello"), "msg! output is in the logs");
    });

    it("returns data from a .view()", async () => {
      const { client } = network();
      const sum = await client.programs.runtimeProbe.methods.add(new BN(40), new BN(2)).view();
      assert.equal(sum.toString(), "42");
    });

    it("surfaces an Anchor error in TypeScript by name", async () => {
      const { client } = network();
      const err = await expectAnchorError(
        client.send(client.programs.runtimeProbe.methods.add(new BN("18446744073709551615"), new BN(1))),
        "Overflow",
      );
      assert.equal(err.error.errorCode.number, 6000);
      assert.equal(err.error.errorMessage, "Arithmetic overflow");
    });

    it("fails a panicking program's transaction and keeps serving", async () => {
      const { client, connection, wallet } = network();
      await expectTxError(client.send(client.programs.runtimeProbe.methods.explode()), (err) =>
        /ProgramFailedToComplete|Program failed to complete/.test(String(err instanceof Error ? err.message : err) + JSON.stringify((err as { logs?: unknown }).logs ?? "")),
      );
      const balance = await connection.getBalance(wallet.publicKey, "confirmed");
      assert.ok(balance > 0, "localnet still answers");
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: wallet.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }));
      await network().provider.sendAndConfirm(tx);
    });
  });
});

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
