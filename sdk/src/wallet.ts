import type { Wallet } from "@coral-xyz/anchor";
import { Keypair, Transaction, VersionedTransaction, type PublicKey } from "@solana/web3.js";

/** An Anchor `Wallet` backed by a keypair (Anchor's own `Wallet` class is Node-only). */
export class KeypairWallet implements Wallet {
  constructor(readonly payer: Keypair) {}

  get publicKey(): PublicKey {
    return this.payer.publicKey;
  }

  async signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T> {
    if (tx instanceof VersionedTransaction) tx.sign([this.payer]);
    else tx.partialSign(this.payer);
    return tx;
  }

  async signAllTransactions<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]> {
    for (const tx of txs) await this.signTransaction(tx);
    return txs;
  }
}
