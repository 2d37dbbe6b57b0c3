/** The wallet corner: load a keypair file or connect a Wallet Standard wallet, see its address and balances. */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";

import { fill, h, short, synq } from "./dom";
import { keypairFileWallet, describeError, type Session } from "./session";
import { connectWallet, watchWallets } from "./wallet-standard";

export function walletPanel(session: Session): { element: HTMLElement; refresh(): Promise<void> } {
  const input = h("input", { type: "file", accept: ".json,application/json", "data-testid": "keypair-file", "aria-label": "keypair file" });
  const info = h("div", { class: "wallet-info", "data-testid": "wallet" }, "No wallet: load a Solana keypair file (JSON array of 64 bytes).");
  const error = h("div", { class: "error", "data-testid": "wallet-error", role: "alert" });

  async function refresh(): Promise<void> {
    const owner = session.owner;
    if (owner === undefined) return;
    const [lamports, decimals, config] = await Promise.all([session.connection.getBalance(owner, "confirmed"), session.decimals(), session.client.payments.fetchConfig()]);
    const tokens = await session.connection.getTokenAccountBalance(getAssociatedTokenAddressSync(config.mint, owner), "confirmed").then(
      (b) => b.value.amount,
      () => "0",
    );
    fill(
      info,
      h("a", { href: `#/developer`, "data-testid": "wallet-address", title: owner.toBase58() }, short(owner.toBase58())),
      h("span", { "data-testid": "wallet-sol" }, ` ${(lamports / LAMPORTS_PER_SOL).toFixed(3)} SOL`),
      h("span", { "data-testid": "wallet-synq" }, ` · ${synq(tokens, decimals)} $SYNQ`),
    );
  }

  // Browser wallets, each a button, as they register.
  const wallets = h("span", { class: "wallets" });
  watchWallets((wallet) => {
    const button = h("button", { type: "button", "data-testid": "connect-wallet", title: `connect ${wallet.name}` }, wallet.icon.startsWith("data:image/") ? h("img", { src: wallet.icon, alt: "", width: 14, height: 14 }) : null, ` ${wallet.name}`);
    button.addEventListener("click", () => {
      error.textContent = "";
      void connectWallet(wallet, session.config.rpcUrl)
        .then((connected) => {
          session.use(connected);
          return refresh();
        })
        .catch((err: unknown) => {
          error.textContent = `${wallet.name}: ${describeError(err)}`;
        });
    });
    wallets.appendChild(button);
  });

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file === undefined) return;
    error.textContent = "";
    void file
      .text()
      .then((text) => {
        session.use(keypairFileWallet(file.name, text));
        return refresh();
      })
      .catch((err: unknown) => {
        error.textContent = describeError(err);
      });
  });
  return { element: h("div", { class: "wallet" }, h("div", {}, h("label", { class: "file" }, "Keypair file ", input), wallets), info, error), refresh };
}
