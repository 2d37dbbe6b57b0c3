/**
 * The bootstrap attack: on a fresh deployment a stranger calls every program's `initialize`
 * first (naming itself authority) and would own the protocol. Only the programs' upgrade
 * authority (their ProgramData account, as `anchor deploy` leaves it; synq-localnet's
 * `--upgrade-authority`) may initialise, and migrations/deploy.ts refuses configs it did not
 * create.
 */
import { BN } from "@coral-xyz/anchor";
import { createMint } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, type PublicKey } from "@solana/web3.js";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SynqClient, fetchUpgradeAuthority, loadConfig, pda, toBn, type SynqConfig } from "@synq/sdk";

import { DEFAULT_PARAMS, deploy, pricesArg } from "../migrations/deploy";
import { startLocalnet, type Localnet } from "../scripts/lib/localnet";
import { expectAnchorError } from "./support";

describe("bootstrap: only the upgrade authority initialises", () => {
  let localnet: Localnet;
  let scratch: string;
  let config: SynqConfig;
  const deployer = Keypair.generate();
  const stranger = Keypair.generate();

  const fund = async (client: SynqClient, who: PublicKey): Promise<void> => {
    const signature = await client.connection.requestAirdrop(who, 100 * LAMPORTS_PER_SOL);
    await client.connection.confirmTransaction({ signature, ...(await client.connection.getLatestBlockhash()) }, "confirmed");
  };

  before(async () => {
    localnet = await startLocalnet({ args: ["--rpc-port", "0"], upgradeAuthority: deployer.publicKey });
    scratch = mkdtempSync(join(tmpdir(), "synq-bootstrap-"));
    config = loadConfig({ rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, deploymentPath: join(scratch, "deployment.json") });
  });

  after(async () => {
    // web3.js closes an idle PubSub socket 500 ms after its last subscription.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await localnet.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the localnet presents each program's ProgramData naming the deployer", async () => {
    const client = new SynqClient(SynqClient.provider(config, stranger));
    for (const program of ["registry", "staking", "paymentConfig", "governance"] as const) {
      const authority = await fetchUpgradeAuthority(client.connection, program);
      assert.ok(authority.kind === "key" && authority.key.equals(deployer.publicKey), `${program}: ${JSON.stringify(authority)}`);
    }
  });

  it("a stranger's initialize fails for each program, and nothing is created", async () => {
    const client = new SynqClient(SynqClient.provider(config, stranger));
    await fund(client, stranger.publicKey);
    const { programs } = client;
    const me = stranger.publicKey;
    const mint = await createMint(client.connection, stranger, me, null, 9, undefined, { commitment: "confirmed" });
    const p = DEFAULT_PARAMS;
    await expectAnchorError(
      programs.registry.methods
        .initialize({ minStake: toBn(p.registry.minStake), challengeIntervalSlots: new BN(150), responseWindowSlots: new BN(75) })
        .accountsPartial({ payer: me, authority: me, programData: pda.programData("registry"), config: pda.registryConfig() })
        .rpc(),
      "NotUpgradeAuthority",
    );
    await expectAnchorError(
      programs.staking.methods
        .initialize({ cooldownSeconds: new BN(86_400), warmupSeconds: new BN(3_600), slasher: me })
        .accountsPartial({ payer: me, authority: me, programData: pda.programData("staking"), mint, config: pda.stakingConfig() })
        .rpc(),
      "NotUpgradeAuthority",
    );
    await expectAnchorError(
      programs.paymentConfig.methods
        .initialize({
          feeSplit: p.payments.feeSplit,
          creditRate: new BN(1),
          prices: pricesArg(p.payments.prices),
          epochLengthSeconds: new BN(3600),
          claimWindowSeconds: new BN(86_400),
          channelCloseSeconds: new BN(86_400),
          guardian: me,
        })
        .accountsPartial({ payer: me, authority: me, programData: pda.programData("paymentConfig"), mint, config: pda.paymentConfig() })
        .rpc(),
      "NotUpgradeAuthority",
    );
    await expectAnchorError(
      programs.governance.methods
        .initialize({ guardian: me, quorumBps: 1, approvalThresholdBps: 5000, votingPeriodSeconds: new BN(60), timelockSeconds: new BN(60), proposalThreshold: new BN(0) })
        .accountsPartial({ payer: me, authority: me, programData: pda.programData("governance"), config: pda.governanceConfig() })
        .rpc(),
      "NotUpgradeAuthority",
    );
    for (const address of [pda.registryConfig(), pda.stakingConfig(), pda.paymentConfig(), pda.governanceConfig()]) {
      assert.equal(await client.connection.getAccountInfo(address), null, `${address.toBase58()} was not created`);
    }
    // The deployment script, run by the stranger, stops before sending anything and says why.
    await assert.rejects(deploy({ config, payer: stranger, log: () => undefined }), /only the program's upgrade authority may initialise/);
  });

  it("the upgrade authority deploys; a second deployer's run (with --handover) is refused, the first one's is idempotent", async () => {
    const client = new SynqClient(SynqClient.provider(config, deployer));
    await fund(client, deployer.publicKey);
    const deployed = await deploy({ config, payer: deployer, log: () => undefined });
    assert.ok(deployed.authority.equals(deployer.publicKey));
    assert.ok((await client.registry.fetchConfig()).authority.equals(deployer.publicKey));

    // Someone else's deployment file and wallet against these configs: not theirs to use or hand over.
    const other = Keypair.generate();
    await fund(client, other.publicKey);
    const otherConfig = loadConfig({ rpcUrl: localnet.rpcUrl, wsUrl: localnet.wsUrl, deploymentPath: join(scratch, "other.json") });
    await assert.rejects(deploy({ config: otherConfig, payer: other, handover: true, log: () => undefined }), /was not created by this deployer/);
    assert.ok((await client.registry.fetchConfig()).authority.equals(deployer.publicKey), "nothing was handed over");

    const lines: string[] = [];
    await deploy({ config, payer: deployer, log: (line) => lines.push(line) });
    assert.equal(lines.filter((line) => line.includes("exists and is ours")).length, 4, lines.join("\n"));
  });
});
