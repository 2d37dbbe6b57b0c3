/**
 * The cluster clock as programs see it (the Clock sysvar follows each slot's block time), and
 * synq-localnet's clock warp, for protocol periods of hours and days in development and tests.
 */
import type { Connection } from "@solana/web3.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The block time of the newest confirmed slot (Unix seconds). */
export async function chainTime(connection: Connection): Promise<number> {
  const slot = await connection.getSlot("confirmed");
  return (await connection.getBlockTime(slot)) ?? 0;
}

/** Raw JSON-RPC call: `synqWarpClock` is no web3.js method. */
async function rpc(connection: Connection, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(connection.rpcEndpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
  if (body.error !== undefined) throw new ClockWarpError(body.error.code, body.error.message);
  return body.result;
}

export class ClockWarpError extends Error {
  constructor(readonly code: number, message: string) {
    super(code === -32601 ? "this cluster cannot warp its clock (synqWarpClock is synq-localnet's)" : message);
  }
}

/** True when the cluster is a synq-localnet that can warp its clock. */
export async function canWarpClock(connection: Connection): Promise<boolean> {
  try {
    // `0` is refused with invalid params by a localnet that knows the method.
    await rpc(connection, "synqWarpClock", [0]);
    return true;
  } catch (err) {
    return err instanceof ClockWarpError && err.code === -32602;
  }
}

/**
 * synq-localnet only: moves the clock `seconds` forward and waits until a confirmed slot
 * carries the new time (so the next transaction sees it). Time never runs back.
 */
export async function warpClock(connection: Connection, seconds: number): Promise<number> {
  const result = (await rpc(connection, "synqWarpClock", [seconds])) as { slot: number; unixTimestamp: number };
  while ((await connection.getSlot("confirmed")) < result.slot) await sleep(50);
  return result.unixTimestamp;
}
