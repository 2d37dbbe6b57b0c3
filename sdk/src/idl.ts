/**
 * The one module that knows where the generated IDLs live.
 *
 * `npm run idl` (`cargo run -p synq-idl-gen`) writes `sdk/idl/<program>.json` (the IDL as the
 * program emits it, snake_case) and `sdk/src/types/<program>.ts` (the same IDL camelCased, as a
 * type), the same files anchor writes to `target/idl` and `target/types`. They are committed, so
 * the SDK needs no Rust build; `npm test` fails when they fall behind the programs.
 */
import type { Idl } from "@coral-xyz/anchor";

import governanceJson from "../idl/governance.json";
import paymentConfigJson from "../idl/payment_config.json";
import registryJson from "../idl/registry.json";
import runtimeProbeJson from "../idl/runtime_probe.json";
import stakingJson from "../idl/staking.json";
import type { Governance } from "./types/governance";
import type { PaymentConfig } from "./types/payment_config";
import type { Registry } from "./types/registry";
import type { RuntimeProbe } from "./types/runtime_probe";
import type { Staking } from "./types/staking";

export type { Governance, PaymentConfig, Registry, RuntimeProbe, Staking };

/** Each program's IDL type, by the key the SDK uses for it. */
export interface SynqIdls {
  registry: Registry;
  staking: Staking;
  paymentConfig: PaymentConfig;
  governance: Governance;
  runtimeProbe: RuntimeProbe;
}

export type ProgramKey = keyof SynqIdls;

export const PROGRAM_KEYS: readonly ProgramKey[] = [
  "registry",
  "staking",
  "paymentConfig",
  "governance",
  "runtimeProbe",
];

/**
 * The IDLs exactly as generated (snake_case names), for code that reads them by their Rust
 * names (PDA seeds from `constants`). `Program` camelCases them itself.
 */
export const RAW_IDLS: { readonly [K in ProgramKey]: Idl } = {
  registry: registryJson as Idl,
  staking: stakingJson as Idl,
  paymentConfig: paymentConfigJson as Idl,
  governance: governanceJson as Idl,
  runtimeProbe: runtimeProbeJson as Idl,
};

/**
 * The IDL typed for `Program<T>`. As with `anchor build` output, the JSON is snake_case and the
 * type camelCase; `new Program(idl)` converts the value to match the type.
 */
export function programIdl<K extends ProgramKey>(key: K): SynqIdls[K] {
  return RAW_IDLS[key] as SynqIdls[K];
}

/** A `#[constant]` of a program by its Rust name, as the IDL holds it (type and source text). */
export function idlConstant(program: ProgramKey, rustName: string): { type: unknown; value: string } {
  const constant = (RAW_IDLS[program].constants ?? []).find((c) => c.name === rustName);
  if (constant === undefined) {
    throw new Error(`${program} IDL has no constant ${rustName} (is sdk/idl up to date? run npm run idl)`);
  }
  return constant;
}

/** An integer `#[constant]` (the IDL keeps Rust's text, digit separators included). */
export function integerConstant(program: ProgramKey, rustName: string): bigint {
  return BigInt(idlConstant(program, rustName).value.replace(/_/g, ""));
}
