/**
 * The localnet's faucet: the deployer holds the $SYNQ mint there, so it can give a local
 * wallet SOL (an airdrop) and $SYNQ. Used by `npm start` (the storage node's operator) and the
 * paid-access example (a developer).
 */
import { getOrCreateAssociatedTokenAccount, mintTo } from "@solana/spl-token";
import { LAMPORTS_PER_SOL, type Keypair, type PublicKey } from "@solana/web3.js";

import { SynqClient, loadConfig } from "@synq/sdk";

import { deployerKeypair } from "../../migrations/deploy";

/**
 * Tops `owner` up to 1 SOL (10 when it has less) and to `tokens` $SYNQ base units in its
 * associated token account, unless `enough()` says it has what it needs already.
 */
export async function fundFromDeployer(owner: PublicKey, tokens: bigint, enough: () => Promise<boolean> = async () => false): Promise<{ tokenAccount: PublicKey; deployer: Keypair }> {
  const deployer = deployerKeypair(loadConfig(), undefined).keypair;
  const client = SynqClient.connect({ keypair: deployer });
  const { mint } = client.requireDeployment();
  const { connection } = client;
  if ((await connection.getBalance(owner, "confirmed")) < LAMPORTS_PER_SOL) {
    const signature = await connection.requestAirdrop(owner, 10 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  }
  const account = await getOrCreateAssociatedTokenAccount(connection, deployer, mint, owner, false, "confirmed");
  if (account.amount < tokens && !(await enough())) {
    await mintTo(connection, deployer, mint, account.address, deployer, tokens - account.amount, [], { commitment: "confirmed" });
  }
  return { tokenAccount: account.address, deployer };
}
