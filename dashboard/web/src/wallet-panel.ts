/** The wallet corner: load a keypair file, see its address and balances. */
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";

import { fill, h, short, synq } from "./dom";
import { parseKeypairFile, describeError, type Session } from "./session";

export function walletPanel(session: Session): { element: HTMLElement; refresh(): Promise<void> } {
  const input = h("input", { type: "file", accept: ".json,application/json", "data-testid": "keypair-file", "aria-label": "keypair file" });
  const info = h("div", { class: "wallet-info", "data-testid": "wallet" }, "No wallet: load a Solana keypair file (JSON array of 64 bytes).");
  const error = h("div", { class: "error", "data-testid": "wallet-error", role: "alert" });

  async function refresh(): Promise<void> {
    const signer = session.signer;
    if (signer === undefined) return;
    const owner = signer.publicKey;
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

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file === undefined) return;
    error.textContent = "";
    void file
      .text()
      .then((text) => {
        session.use(parseKeypairFile(file.name, text));
        return refresh();
      })
      .catch((err: unknown) => {
        error.textContent = describeError(err);
      });
  });
  return { element: h("div", { class: "wallet" }, h("label", { class: "file" }, "Keypair file ", input), info, error), refresh };
}
