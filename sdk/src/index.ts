/**
 * The SDK's Node entry: everything of the browser entry (browser.ts), plus what reads env and
 * files: the configuration loader, the deployment file, and `SynqClient.connect` (this entry's
 * `SynqClient`, which takes the place of the browser entry's base class).
 */
export * from "./browser";
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
export { deploymentToJson, parseDeployment, readDeployment, writeDeployment } from "./deployment";
