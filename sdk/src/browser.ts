/**
 * The SDK's browser entry: everything `index.ts` exports that works without Node, i.e. all but
 * the file-based configuration (`config.ts`: env, wallet and deployment files) and the
 * deployment file's readers and writers (`deployment.ts`). A page builds its client with
 * `new SynqClient(provider)` over its own `Connection` and wallet instead of
 * `SynqClient.connect`.
 *
 * Bundled for browsers with esbuild (the dashboard does: dashboard/src/bundle.ts) with `Buffer`
 * from the `buffer` package. Nothing on this path imports a `node:` module (the package test
 * checks dist/browser.mjs); `SynqClient.connect` is Node's (connect.ts).
 */
export { SynqClient, type SynqClientOptions } from "./client";
export type { Deployment } from "./deployment";
export {
  PROGRAM_KEYS,
  RAW_IDLS,
  idlConstant,
  integerConstant,
  programIdl,
  type Governance,
  type PaymentConfig,
  type ProgramKey,
  type Registry,
  type RuntimeProbe,
  type Staking,
  type SynqIdls,
} from "./idl";
export { BPF_LOADER_UPGRADEABLE_ID, findPda, pda, pdaOf, seedConstant, type Seed, type SynqPdas } from "./pda";
export { decodeUpgradeAuthority, fetchUpgradeAuthority, type UpgradeAuthority } from "./program-data";
export { createPrograms, programId, programIds, type SynqPrograms } from "./programs";
export { sendTransaction, type Sendable, type SendOptions } from "./send";
export { KeypairWallet } from "./wallet";
export * from "./challenge";
export * from "./clock";
export * from "./merkle";
export * from "./payments";
export * from "./governance";
export * from "./registry";
export * from "./retry";
export * from "./settlement";
export * from "./signed-request";
export * from "./usage-statement";
export * from "./data-client";
export * from "./staking";
export * from "./umi";
export * from "./values";
