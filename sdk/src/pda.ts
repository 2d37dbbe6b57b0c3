/**
 * Program-derived addresses. Seeds are not written here: each program exports them as
 * `#[constant]`s (`programs/<program>/src/constants.rs`), so they are read from its IDL's
 * `constants` by their Rust names and Rust stays the single source.
 */
import { PublicKey } from "@solana/web3.js";

import { idlConstant, type ProgramKey } from "./idl";
import { programId } from "./programs";

/** A seed: constant bytes, an address (its 32 bytes) or UTF-8 text. */
export type Seed = Uint8Array | PublicKey | string;

function seedBytes(seed: Seed): Uint8Array {
  if (seed instanceof PublicKey) return seed.toBytes();
  if (typeof seed === "string") return Buffer.from(seed, "utf8");
  return seed;
}

/**
 * The value of a `#[constant]` seed of a program, e.g. `seedConstant("registry", "CONFIG_SEED")`.
 * The IDL holds `&[u8]` constants as their Rust debug form (`[114, 101, ...]`) and `&str` ones
 * quoted.
 */
export function seedConstant(program: ProgramKey, rustName: string): Buffer {
  const constant = idlConstant(program, rustName);
  const value: unknown = JSON.parse(constant.value);
  if (constant.type === "bytes" && Array.isArray(value)) {
    return Buffer.from(value.map((b) => Number(b)));
  }
  if (constant.type === "string" && typeof value === "string") {
    return Buffer.from(value, "utf8");
  }
  throw new Error(`${program} constant ${rustName} (${JSON.stringify(constant.type)}) is not a seed`);
}

/** The generic derivation every named helper uses: `[address, bump]`. */
export function findPda(program: ProgramKey, seeds: readonly Seed[]): [PublicKey, number] {
  return PublicKey.findProgramAddressSync(seeds.map(seedBytes), programId(program));
}

/** Address of `[seedConstant(program, seedName), ...rest]`. */
export function pdaOf(program: ProgramKey, seedName: string, ...rest: Seed[]): PublicKey {
  return findPda(program, [seedConstant(program, seedName), ...rest])[0];
}

/** The BPF upgradeable loader, whose ProgramData accounts name a program's upgrade authority. */
export const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** Named PDAs of the Synq programs. */
export const pda = {
  /** The program's ProgramData account (upgradeable loader): its upgrade authority may initialise. */
  programData: (program: ProgramKey): PublicKey =>
    PublicKey.findProgramAddressSync([programId(program).toBytes()], BPF_LOADER_UPGRADEABLE_ID)[0],

  registryConfig: (): PublicKey => pdaOf("registry", "CONFIG_SEED"),
  /** Signs the registry's slashing CPIs into staking: staking's `slasher`. */
  slasher: (): PublicKey => pdaOf("registry", "SLASHER_SEED"),

  stakingConfig: (): PublicKey => pdaOf("staking", "CONFIG_SEED"),

  paymentConfig: (): PublicKey => pdaOf("paymentConfig", "CONFIG_SEED"),
  /** The treasury token account, owned by the payment config PDA. */
  treasury: (config: PublicKey = pda.paymentConfig()): PublicKey =>
    pdaOf("paymentConfig", "TREASURY_SEED", config),

  governanceConfig: (): PublicKey => pdaOf("governance", "CONFIG_SEED"),
  /** Signs executed proposals; every config's authority once governance is bootstrapped. */
  governanceAuthority: (): PublicKey => pdaOf("governance", "AUTHORITY_SEED"),

  probeVault: (mint: PublicKey): PublicKey => pdaOf("runtimeProbe", "VAULT_SEED", mint),
  probeVaultTokens: (mint: PublicKey): PublicKey => pdaOf("runtimeProbe", "VAULT_TOKENS_SEED", mint),
  probeMintAuthority: (): PublicKey => pdaOf("runtimeProbe", "MINT_AUTHORITY_SEED"),
  probeBlob: (owner: PublicKey): PublicKey => pdaOf("runtimeProbe", "BLOB_SEED", owner),
} as const;

export type SynqPdas = typeof pda;
