import { Program, type Provider } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";

import { PROGRAM_KEYS, RAW_IDLS, programIdl, type ProgramKey, type SynqIdls } from "./idl";

/** Typed Anchor clients, one per program. */
export type SynqPrograms = { readonly [K in ProgramKey]: Program<SynqIdls[K]> };

export function createPrograms(provider: Provider): SynqPrograms {
  return {
    registry: new Program(programIdl("registry"), provider),
    staking: new Program(programIdl("staking"), provider),
    paymentConfig: new Program(programIdl("paymentConfig"), provider),
    governance: new Program(programIdl("governance"), provider),
    runtimeProbe: new Program(programIdl("runtimeProbe"), provider),
  };
}

/** Program ids from the IDLs (`declare_id!`), without a connection. */
export function programId(key: ProgramKey): PublicKey {
  return new PublicKey(RAW_IDLS[key].address);
}

export function programIds(): { readonly [K in ProgramKey]: PublicKey } {
  const ids = {} as { [K in ProgramKey]: PublicKey };
  for (const key of PROGRAM_KEYS) ids[key] = programId(key);
  return ids;
}
