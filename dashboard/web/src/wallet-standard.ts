/**
 * Wallet Standard wallets (browser extensions such as Phantom, Solflare, Backpack) by the
 * standard's window events, and an Anchor wallet over one: `standard:connect` for the account,
 * `solana:signTransaction` for signatures. Only what the dashboard uses of the standard is typed.
 */
import { PublicKey, Transaction, VersionedTransaction } from "@solana/web3.js";

import type { Wallet } from "./session";

interface StandardAccount {
  address: string;
  publicKey: Uint8Array;
  chains: readonly string[];
}

interface ConnectFeature {
  connect(input?: { silent?: boolean }): Promise<{ accounts: readonly StandardAccount[] }>;
}

interface SignTransactionFeature {
  signTransaction(...inputs: { account: StandardAccount; transaction: Uint8Array; chain?: string }[]): Promise<readonly { signedTransaction: Uint8Array }[]>;
}

export interface StandardWallet {
  name: string;
  icon: string;
  chains: readonly string[];
  accounts: readonly StandardAccount[];
  features: Readonly<Record<string, unknown>>;
}

const CONNECT = "standard:connect";
const SIGN = "solana:signTransaction";

/** Wallets that can connect and sign Solana transactions. */
const usable = (wallet: StandardWallet): boolean => CONNECT in wallet.features && SIGN in wallet.features;

/**
 * Calls `onWallet` for each usable wallet that registers, now or later (the standard's
 * handshake: wallets answer `app-ready`, and late ones announce themselves with `register-wallet`).
 */
export function watchWallets(onWallet: (wallet: StandardWallet) => void): void {
  const seen = new Set<StandardWallet>();
  const register = (...wallets: StandardWallet[]): (() => void) => {
    for (const wallet of wallets) {
      if (seen.has(wallet) || !usable(wallet)) continue;
      seen.add(wallet);
      onWallet(wallet);
    }
    return () => undefined;
  };
  const api = Object.freeze({ register });
  window.addEventListener("wallet-standard:register-wallet", (event) => {
    const callback = (event as CustomEvent<(api: { register: typeof register }) => void>).detail;
    if (typeof callback === "function") callback(api);
  });
  window.dispatchEvent(new CustomEvent("wallet-standard:app-ready", { detail: api }));
}

/** The chain id the wallet knows this cluster by, when it names it (`solana:localnet` for ours). */
function chainFor(wallet: StandardWallet, rpcUrl: string): string | undefined {
  const host = new URL(rpcUrl).hostname;
  const wanted = host === "127.0.0.1" || host === "localhost" ? "solana:localnet" : host.includes("devnet") ? "solana:devnet" : host.includes("testnet") ? "solana:testnet" : "solana:mainnet";
  return wallet.chains.includes(wanted) ? wanted : undefined;
}

/** Connects (the wallet asks its user) and returns an Anchor wallet signing through it. */
export async function connectWallet(wallet: StandardWallet, rpcUrl: string): Promise<Wallet> {
  const { accounts } = await (wallet.features[CONNECT] as ConnectFeature).connect();
  const account = accounts[0];
  if (account === undefined) throw new Error(`${wallet.name} connected no account`);
  const sign = wallet.features[SIGN] as SignTransactionFeature;
  const chain = chainFor(wallet, rpcUrl);
  const signOne = async <T extends Transaction | VersionedTransaction>(tx: T): Promise<T> => {
    const transaction = tx instanceof VersionedTransaction ? tx.serialize() : tx.serialize({ requireAllSignatures: false, verifySignatures: false });
    const [signed] = await sign.signTransaction({ account, transaction, ...(chain === undefined ? {} : { chain }) });
    if (signed === undefined) throw new Error(`${wallet.name} returned no signed transaction`);
    return (tx instanceof VersionedTransaction ? VersionedTransaction.deserialize(signed.signedTransaction) : Transaction.from(signed.signedTransaction)) as T;
  };
  return {
    publicKey: new PublicKey(account.publicKey),
    signTransaction: signOne,
    signAllTransactions: async <T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]> => {
      const out: T[] = [];
      for (const tx of txs) out.push(await signOne(tx));
      return out;
    },
  };
}
