/** `synq faucet`, `synq balance`: test tokens on localnet, and what a wallet holds. */
import { getAssociatedTokenAddressSync, getAccount } from "@solana/spl-token";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { readKeypair, tierName } from "@synq/sdk";

import { faucet } from "../../../scripts/lib/faucet";
import { parseSynq, showSynq, synqDecimals } from "../amounts";
import { UsageError, type Command } from "../cli";

export const walletCommands: Command[] = [
  {
    path: ["faucet"],
    summary: "SOL and $SYNQ for the wallet on localnet (an airdrop, and $SYNQ minted by the deployer, who holds the mint there).",
    flags: {
      sol: { type: "string", help: "SOL to airdrop (default 10; 0: none)" },
      synq: { type: "string", help: "$SYNQ to mint (default 1000; 0: none)" },
      from: { type: "string", help: "the mint authority's keypair file (default: the local deployment's, .synq/wallet.json)" },
    },
    async run(ctx, flags) {
      const client = ctx.client;
      const owner = client.provider.wallet.publicKey;
      const decimals = await synqDecimals(client);
      const sol = Number(flags.sol ?? "10");
      if (!Number.isFinite(sol) || sol < 0 || sol > 1000) throw new UsageError(`--sol must be 0..1000, got "${String(flags.sol)}"`);
      const tokens = flags.synq === "0" ? 0n : parseSynq(String(flags.synq ?? "1000"), decimals, "--synq");
      const got = await faucet({ owner, lamports: Math.round(sol * LAMPORTS_PER_SOL), tokens, deployer: typeof flags.from === "string" ? readKeypair(flags.from) : undefined });
      return {
        json: { wallet: owner, lamports: got.lamports, tokenAccount: got.tokenAccount, synq: got.tokens },
        text: [`${owner.toBase58()} now holds ${got.lamports / LAMPORTS_PER_SOL} SOL and ${showSynq(got.tokens, decimals)} (token account ${got.tokenAccount.toBase58()})`],
      };
    },
  },
  {
    path: ["balance"],
    summary: "The wallet's SOL, $SYNQ and data credits.",
    async run(ctx) {
      const client = ctx.client;
      const owner = client.provider.wallet.publicKey;
      const decimals = await synqDecimals(client);
      const tokenAccount = getAssociatedTokenAddressSync(client.requireDeployment().mint, owner);
      const [lamports, tokens, credit] = await Promise.all([
        client.connection.getBalance(owner, "confirmed"),
        getAccount(client.connection, tokenAccount, "confirmed").then((a) => a.amount, () => 0n),
        client.payments.fetchCreditAccount(owner),
      ]);
      const credits = credit === null ? 0n : BigInt(credit.balance.toString());
      const tier = credit === null ? "free" : tierName(credit.tier);
      return {
        json: { wallet: owner, lamports, synq: tokens, credits, tier },
        text: [`wallet   ${owner.toBase58()}`, `SOL      ${lamports / LAMPORTS_PER_SOL}`, `$SYNQ    ${showSynq(tokens, decimals).replace(" $SYNQ", "")}`, `credits  ${credits} (${tier} tier)`],
      };
    },
  },
];
