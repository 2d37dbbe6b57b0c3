/**
 * `SynqClient.connect` for Node: a client from the configuration loader (env, wallet file,
 * deployment file). Apart from client.ts because it reads files; the Node entry (index.ts)
 * exports this `SynqClient`, the browser entry the base class.
 */
import type { Keypair } from "@solana/web3.js";

import { SynqClient as BaseSynqClient } from "./client";
import { loadConfig, readKeypair, type SynqConfig, type SynqConfigOptions } from "./config";
import { readDeployment } from "./deployment";

export interface ConnectOptions extends SynqConfigOptions {
  /** The signing keypair; otherwise the configured wallet file. */
  keypair?: Keypair;
}

export class SynqClient extends BaseSynqClient {
  /** A client from the configuration loader (env, wallet file, deployment file). */
  static connect(options: ConnectOptions = {}): SynqClient {
    const config = loadConfig(options);
    const keypair = options.keypair ?? configuredKeypair(config);
    return new SynqClient(SynqClient.provider(config, keypair), {
      deployment: readDeployment(config.deploymentPath),
    });
  }
}

function configuredKeypair(config: SynqConfig): Keypair {
  if (config.walletPath === undefined) {
    throw new Error("no wallet: pass a keypair or set SYNQ_WALLET / ANCHOR_WALLET to a keypair file");
  }
  return readKeypair(config.walletPath);
}
