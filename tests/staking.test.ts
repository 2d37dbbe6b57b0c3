/**
 * The staking program over localnet through the SDK's `staking` section: pools, stake,
 * unbonding, votes, slashing, rewards, share math (docs/registry-staking.md).
 */
import { type Keypair, type PublicKey } from "@solana/web3.js";
import assert from "node:assert/strict";

import { sharesForTokens, stakingPda, tokensForShares, type SynqClient } from "@synq/sdk";

import {
  activateStakes,
  deployer,
  deployment,
  expectAnchorError,
  fundedKeypair,
  mintTo,
  network,
  sleep,
  tokenAccount,
  tokenBalance,
  warpClock,
} from "./support";

const SYNQ = 1_000_000_000n;

interface Staker {
  key: Keypair;
  tokens: PublicKey;
}

async function staker(amount: bigint): Promise<Staker> {
  const { mint } = await deployment();
  const key = await fundedKeypair();
  const tokens = await tokenAccount(mint, key.publicKey);
  if (amount > 0n) await mintTo(mint, tokens, amount, await deployer());
  return { key, tokens };
}

async function send(client: SynqClient, ix: Promise<import("@solana/web3.js").TransactionInstruction>, ...signers: Keypair[]): Promise<string> {
  return client.send(await ix, { signers });
}

describe("staking over localnet", () => {
  let client: SynqClient;
  let authority: Keypair;

  before(async () => {
    client = network().client;
    await deployment();
    authority = await deployer();
  });

  it("creates a pool, stakes pro rata and refuses bad input", async () => {
    const operator = await staker(100n * SYNQ);
    const op = operator.key.publicKey;
    await expectAnchorError(send(client, client.staking.createPool({ operator: op, commissionBps: 10_001 }), operator.key), "InvalidCommission");
    await send(client, client.staking.createPool({ operator: op, commissionBps: 500 }), operator.key);
    await send(client, client.staking.stake({ owner: op, operator: op, ownerTokens: operator.tokens, amount: 100n * SYNQ }), operator.key);
    const delegator = await staker(50n * SYNQ);
    const d = delegator.key.publicKey;
    await send(client, client.staking.stake({ owner: d, operator: op, ownerTokens: delegator.tokens, amount: 50n * SYNQ }), delegator.key);
    // Warming up: in the vault, in no share class, worth nothing yet.
    const warming = await client.staking.fetchPool(op);
    assert.ok(warming);
    assert.deepEqual([BigInt(warming.totalTokens.toString()), BigInt(warming.warmingTokens.toString())], [0n, 150n * SYNQ]);
    assert.equal(await client.staking.positionValue(op, d), 0n);
    await expectAnchorError(send(client, client.staking.activateStake({ owner: d, operator: op })), "WarmupNotElapsed");
    await activateStakes(client, [{ owner: op, operator: op }, { owner: d, operator: op }]);
    const pool = await client.staking.fetchPool(op);
    assert.ok(pool);
    assert.equal(BigInt(pool.totalTokens.toString()), 150n * SYNQ);
    assert.equal(await tokenBalance(stakingPda.vault(stakingPda.pool(op))), 150n * SYNQ);
    assert.equal(await client.staking.positionValue(op, d), 50n * SYNQ);
    await expectAnchorError(send(client, client.staking.stake({ owner: d, operator: op, ownerTokens: delegator.tokens, amount: 0 }), delegator.key), "ZeroAmount");
    // Someone else's tokens.
    const thief = await staker(0n);
    await expectAnchorError(
      send(client, client.staking.stake({ owner: thief.key.publicKey, operator: op, ownerTokens: delegator.tokens, amount: 1 }), thief.key),
      "ConstraintTokenOwner",
    );
  });

  it("unbonds with a cooldown, refuses early withdrawals and open votes", async () => {
    const operator = await staker(10n * SYNQ);
    const op = operator.key.publicKey;
    await send(client, client.staking.createPool({ operator: op, commissionBps: 0 }), operator.key);
    await send(client, client.staking.stake({ owner: op, operator: op, ownerTokens: operator.tokens, amount: 10n * SYNQ }), operator.key);
    await activateStakes(client, [{ owner: op, operator: op }]);
    const position = await client.staking.fetchPosition(op, op);
    assert.ok(position);
    const shares = BigInt(position.shares.toString());
    await expectAnchorError(send(client, client.staking.requestUnstake({ owner: op, operator: op, shares: shares + 1n }), operator.key), "InsufficientShares");

    // Votes: only the configured governance key, and they block unstaking.
    const governance = await fundedKeypair();
    const positionAddress = stakingPda.position(stakingPda.pool(op), op);
    await expectAnchorError(send(client, client.staking.voteLock({ governance: governance.publicKey, position: positionAddress, lock: true }), governance), "UnauthorizedGovernance");
    const voteLocker = (await client.staking.fetchConfig()).governance;
    await send(client, client.staking.setParams(authority.publicKey, { governance: governance.publicKey }), authority);
    await send(client, client.staking.voteLock({ governance: governance.publicKey, position: positionAddress, lock: true }), governance);
    await expectAnchorError(send(client, client.staking.requestUnstake({ owner: op, operator: op, shares }), operator.key), "OpenVotes");
    await send(client, client.staking.voteLock({ governance: governance.publicKey, position: positionAddress, lock: false }), governance);
    // The shared deployment's vote locker goes back to what it was (the governance program).
    await send(client, client.staking.setParams(authority.publicKey, { governance: voteLocker }), authority);

    await send(client, client.staking.requestUnstake({ owner: op, operator: op, shares }), operator.key);
    await expectAnchorError(send(client, client.staking.withdraw({ owner: op, operator: op, destination: operator.tokens }), operator.key), "CooldownNotElapsed");
    await warpClock(Number((await client.staking.fetchConfig()).cooldownSeconds));
    await send(client, client.staking.withdraw({ owner: op, operator: op, destination: operator.tokens }), operator.key);
    assert.equal(await tokenBalance(operator.tokens), 10n * SYNQ);
    await sleep(1_000); // a new blockhash, so the retry is not a replay of the same transaction
    await expectAnchorError(send(client, client.staking.withdraw({ owner: op, operator: op, destination: operator.tokens }), operator.key), "NothingUnbonding");
  });

  it("slashes (authority only), pays commission, survives a 100% slash and huge amounts", async () => {
    const operator = await staker(60n * SYNQ);
    const op = operator.key.publicKey;
    await send(client, client.staking.createPool({ operator: op, commissionBps: 1_000 }), operator.key);
    await send(client, client.staking.stake({ owner: op, operator: op, ownerTokens: operator.tokens, amount: 60n * SYNQ }), operator.key);
    await activateStakes(client, [{ owner: op, operator: op }]);
    const stranger = await fundedKeypair();
    await expectAnchorError(send(client, client.staking.slash({ slasher: stranger.publicKey, operator: op, amount: 1 }), stranger), "UnauthorizedSlasher");
    await send(client, client.staking.slash({ slasher: authority.publicKey, operator: op, amount: 6n * SYNQ }), authority);
    assert.equal(await client.staking.positionValue(op, op), 54n * SYNQ);

    const sponsor = await staker(10n * SYNQ);
    await send(
      client,
      client.staking.depositRewards({ depositor: sponsor.key.publicKey, operator: op, source: sponsor.tokens, operatorTokens: operator.tokens, amount: 10n * SYNQ }),
      sponsor.key,
    );
    assert.equal(await tokenBalance(operator.tokens), SYNQ, "10% commission");
    const value = await client.staking.positionValue(op, op);
    assert.ok(value <= 63n * SYNQ && value >= 63n * SYNQ - 1n, `${value}`); // rounded down

    await send(client, client.staking.slash({ slasher: authority.publicKey, operator: op, amount: 2n ** 64n - 1n }), authority);
    const pool = await client.staking.fetchPool(op);
    assert.ok(pool);
    assert.equal(pool.generation, 1);
    assert.equal(pool.totalTokens.toString(), "0");
    assert.equal(await client.staking.positionValue(op, op), 0n);
    const fresh = await staker(5n * SYNQ);
    await send(client, client.staking.stake({ owner: fresh.key.publicKey, operator: op, ownerTokens: fresh.tokens, amount: 5n * SYNQ }), fresh.key);
    await activateStakes(client, [{ owner: fresh.key.publicKey, operator: op }]);
    assert.equal(await client.staking.positionValue(op, fresh.key.publicKey), 5n * SYNQ);

    // The SDK's share math is the program's.
    assert.equal(sharesForTokens(5n * SYNQ, 0, 0), 5n * SYNQ * 1000n);
    assert.equal(tokensForShares(1000n, 0, 1000n), 0n);
    // Overflow is an error, not a wrap: a huge pool slashed down to one token makes a share
    // nearly worthless, so another huge stake would mint more than u128 shares.
    const whale = await staker(2n ** 62n);
    const w = whale.key.publicKey;
    await send(client, client.staking.createPool({ operator: w, commissionBps: 0 }), whale.key);
    await send(client, client.staking.stake({ owner: w, operator: w, ownerTokens: whale.tokens, amount: 2n ** 62n }), whale.key);
    await activateStakes(client, [{ owner: w, operator: w }]);
    await send(client, client.staking.slash({ slasher: authority.publicKey, operator: w, amount: 2n ** 62n - 1n }), authority);
    const second = await staker(2n ** 62n);
    await expectAnchorError(
      send(client, client.staking.stake({ owner: second.key.publicKey, operator: w, ownerTokens: second.tokens, amount: 2n ** 62n }), second.key),
      "Overflow",
    );
    assert.equal(await tokenBalance(second.tokens), 2n ** 62n, "nothing moved");
  });
});
