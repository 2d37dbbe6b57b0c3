export { type SynqClientOptions } from "./client";
export { SynqClient, type ConnectOptions } from "./connect";
export {
  DEFAULT_DEPLOYMENT_PATH,
  DEFAULT_RPC_URL,
  defaultWsUrl,
  loadConfig,
  readKeypair,
  writeKeypair,
  type SynqConfig,
  type SynqConfigOptions,
} from "./config";
export {
  deploymentToJson,
  parseDeployment,
  readDeployment,
  writeDeployment,
  type Deployment,
} from "./deployment";
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
