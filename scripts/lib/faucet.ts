/**
 * The localnet's faucet: the deployer holds the $SYNQ mint there, so it can give a wallet SOL
 * (an airdrop) and $SYNQ. Used by `npm start` (the storage node's operator), the paid-access
 * example (a developer) and `synq faucet`.
 */
import { getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { LAMPORTS_PER_SOL, type Keypair, type PublicKey } from "@solana/web3.js";

import { SynqClient, loadConfig } from "@synq/sdk";

import { deployerKeypair } from "../../migrations/deploy";

export interface FaucetGrant {
  owner: PublicKey;
  /** Lamports to airdrop (0: none). */
  lamports: number;
  /** $SYNQ base units to mint to the owner's associated token account (0: none). */
  tokens: bigint;
  /** The mint authority; default: the local deployment's deployer. */
  deployer?: Keypair;
}

/** Airdrops and mints what `grant` asks; returns the owner's $SYNQ account and what it holds now. */
export async function faucet(grant: FaucetGrant): Promise<{ tokenAccount: PublicKey; tokens: bigint; lamports: number }> {
  const deployer = grant.deployer ?? deployerKeypair(loadConfig(), undefined).keypair;
  const client = SynqClient.connect({ keypair: deployer });
  const { mint } = client.requireDeployment();
  const { connection } = client;
  if (grant.lamports > 0) {
    const signature = await connection.requestAirdrop(grant.owner, grant.lamports);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  }
  const account = await getOrCreateAssociatedTokenAccount(connection, deployer, mint, grant.owner, false, "confirmed");
  if (grant.tokens > 0n) await mintTo(connection, deployer, mint, account.address, deployer, grant.tokens, [], { commitment: "confirmed" });
  return { tokenAccount: account.address, tokens: account.amount + grant.tokens, lamports: await connection.getBalance(grant.owner, "confirmed") };
}

/**
 * Tops `owner` up to 1 SOL (10 when it has less) and to `tokens` $SYNQ base units, unless
 * `enough()` says it has what it needs already.
 */
export async function fundFromDeployer(owner: PublicKey, tokens: bigint, enough: () => Promise<boolean> = async () => false): Promise<{ tokenAccount: PublicKey }> {
  const client = SynqClient.connect({ keypair: deployerKeypair(loadConfig(), undefined).keypair });
  const lamports = (await client.connection.getBalance(owner, "confirmed")) < LAMPORTS_PER_SOL ? 10 * LAMPORTS_PER_SOL : 0;
  const { tokenAccount, tokens: held } = await faucet({ owner, lamports, tokens: 0n });
  if (held < tokens && !(await enough())) await faucet({ owner, lamports: 0, tokens: tokens - held });
  return { tokenAccount };
}
