import { AnchorProvider } from "@coral-xyz/anchor";
import { Connection, type Keypair, type TransactionSignature } from "@solana/web3.js";

import { GovernanceSection } from "./governance";
import type { SynqConfig } from "./config";
import type { Deployment } from "./deployment";
import { pda, type SynqPdas } from "./pda";
import { createPrograms, type SynqPrograms } from "./programs";
import { PaymentsSection } from "./payments";
import { RegistrySection } from "./registry";
import { StakingSection } from "./staking";
import { sendTransaction, type Sendable, type SendOptions } from "./send";
import { KeypairWallet } from "./wallet";
import { SynqDataClient, type DataClientOptions } from "./data-client";

export interface SynqClientOptions {
  /** Addresses of the network (mint, configs); read from the deployment file by `connect`. */
  deployment?: Deployment;
}

/**
 * Entry point of the SDK: typed program clients, PDAs and the transaction sender over one
 * `AnchorProvider`. Protocol sections (registry, staking, payments, governance) build on these.
 * Browser-safe: `SynqClient.connect`, which reads env and files, is added by the Node entry
 * (connect.ts), so a page's bundle carries no `node:` module.
 */
export class SynqClient {
  readonly programs: SynqPrograms;
  readonly pda: SynqPdas = pda;
  readonly deployment: Deployment | undefined;
  readonly registry: RegistrySection;
  readonly staking: StakingSection;
  readonly governance: GovernanceSection;
  readonly payments: PaymentsSection;

  constructor(
    readonly provider: AnchorProvider,
    options: SynqClientOptions = {},
  ) {
    this.programs = createPrograms(provider);
    this.registry = new RegistrySection(this.programs);
    this.staking = new StakingSection(this.programs);
    this.governance = new GovernanceSection(this.programs, (items, options) => this.send(items, options));
    this.payments = new PaymentsSection(this.programs);
    this.deployment = options.deployment;
  }

  /** An AnchorProvider for the configured cluster, signing with `keypair`. */
  static provider(config: Pick<SynqConfig, "rpcUrl" | "wsUrl" | "commitment">, keypair: Keypair): AnchorProvider {
    const connection = new Connection(config.rpcUrl, {
      commitment: config.commitment,
      wsEndpoint: config.wsUrl,
    });
    return new AnchorProvider(connection, new KeypairWallet(keypair), {
      commitment: config.commitment,
      preflightCommitment: config.commitment,
    });
  }

  get connection(): Connection {
    return this.provider.connection;
  }

  /** The deployment, or an error naming what to run when there is none. */
  requireDeployment(): Deployment {
    if (this.deployment === undefined) {
      throw new Error("no deployment: run the migrations (npm start, or migrations/deploy.ts) first");
    }
    return this.deployment;
  }

  /**
   * A data client on a storage node (docs/paid-access.md), signing with this client's wallet:
   * the node given or the best one in the registry, its channel funded up to `deposit`.
   */
  data(options: DataClientOptions = {}): Promise<SynqDataClient> {
    return SynqDataClient.open(this, (this.provider.wallet as KeypairWallet).payer, options);
  }

  /** Sends instructions (or Anchor method builders) in one transaction and confirms it. */
  send(items: Sendable | readonly Sendable[], options?: SendOptions): Promise<TransactionSignature> {
    return sendTransaction(this.provider, items, options);
  }
}
