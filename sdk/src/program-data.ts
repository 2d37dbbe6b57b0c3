/**
 * A program's upgrade authority, read from its ProgramData account (BPF upgradeable loader):
 * the key the programs' `initialize` requires, as `anchor deploy` and synq-localnet
 * (`--upgrade-authority`, `--upgradeable-program`) leave it.
 */
import type { Connection } from "@solana/web3.js";
import { PublicKey } from "@solana/web3.js";

import type { ProgramKey } from "./idl";
import { BPF_LOADER_UPGRADEABLE_ID, pda } from "./pda";

/** `UpgradeableLoaderState::ProgramData`: u32 tag 3, u64 slot, `Option<Pubkey>` authority. */
const PROGRAM_DATA_TAG = 3;
const AUTHORITY_OFFSET = 12;

export type UpgradeAuthority =
  | { kind: "key"; key: PublicKey }
  /** Upgrades disabled: nobody may initialise. */
  | { kind: "none" }
  /** No ProgramData account (not deployed through the upgradeable loader). */
  | { kind: "missing" };

export function decodeUpgradeAuthority(data: Uint8Array): UpgradeAuthority {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length < AUTHORITY_OFFSET + 1 || view.readUInt32LE(0) !== PROGRAM_DATA_TAG) {
    throw new Error("not a ProgramData account of the upgradeable loader");
  }
  if (view[AUTHORITY_OFFSET] === 0) return { kind: "none" };
  return { kind: "key", key: new PublicKey(view.subarray(AUTHORITY_OFFSET + 1, AUTHORITY_OFFSET + 33)) };
}

export async function fetchUpgradeAuthority(connection: Connection, program: ProgramKey): Promise<UpgradeAuthority> {
  const account = await connection.getAccountInfo(pda.programData(program));
  if (account === null || !account.owner.equals(BPF_LOADER_UPGRADEABLE_ID)) return { kind: "missing" };
  return decodeUpgradeAuthority(account.data);
}
