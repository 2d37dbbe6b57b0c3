/** The IDL-driven decoder and table layouts on a hand-built IDL (no network). */
import { Keypair } from "@solana/web3.js";
import assert from "node:assert/strict";

import { IdlDecoder } from "../src/borsh";
import { programLayout } from "../src/layout";
import { IDL } from "./fixtures";

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}

describe("IDL decoder", () => {
  const owner = Keypair.generate().publicKey;
  const i128 = Buffer.alloc(16, 0xff); // -1
  i128[0] = 0xfe; // -2
  const data = Buffer.concat([
    owner.toBuffer(),
    u64(18_446_744_073_709_551_615n),
    i128,
    Buffer.from([1]), // Active
    Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    u64(42n),
    Buffer.from([1, 2, 0, 0, 0]), Buffer.from("hi"),
    Buffer.from([2, 0, 0, 0]), Buffer.from([0]), Buffer.from([1]), u64(7n),
    Buffer.from([1]),
    Buffer.from([9, 0]),
  ]);

  it("decodes Borsh: wide integers as strings, enums, nested structs, options, vectors", () => {
    const decoder = new IdlDecoder(IDL);
    assert.deepEqual(decoder.decode("Thing", data), {
      owner: owner.toBase58(),
      balance: "18446744073709551615",
      delta: "-2",
      status: "Active",
      inner: { root: "deadbeef", size: "42" },
      label: "hi",
      actions: [{ Noop: {} }, { Move: { amount: "7" } }],
      flag: true,
      slot: 9,
    });
  });

  it("lays out zero-copy (C repr) accounts with alignment padding", () => {
    const decoder = new IdlDecoder(IDL);
    const packed = Buffer.concat([Buffer.from([5]), Buffer.alloc(7), u64(300n), Buffer.from([4, 1]), Buffer.alloc(6)]);
    assert.deepEqual(decoder.decode("Packed", packed), { a: 5, b: "300", c: 260 });
  });

  it("replaces NUL characters in strings (PostgreSQL cannot store them)", () => {
    const decoder = new IdlDecoder(IDL);
    const withNul = Buffer.from(data);
    const at = 32 + 8 + 16 + 1 + 4 + 8 + 1 + 4; // owner, balance, delta, status, inner, Some + length
    withNul[at + 1] = 0;
    assert.equal(decoder.decode("Thing", withNul).label, "h\ufffd");
  });

  it("rejects data that is too short", () => {
    const decoder = new IdlDecoder(IDL);
    assert.throws(() => decoder.decode("Thing", data.subarray(0, 40)), /too short/);
  });

  it("derives one typed column per flattened field", () => {
    const layout = programLayout({ key: "registry", name: "sample", address: IDL.address, idl: IDL });
    const thing = layout.accounts.find((a) => a.account === "Thing")!;
    assert.equal(thing.table, "acct_sample_thing");
    assert.equal(thing.typeName, "SampleThing");
    const columns = Object.fromEntries(thing.columns.map((c) => [c.name, `${c.kind}${c.nullable ? "?" : ""}`]));
    assert.deepEqual(columns, {
      owner: "text",
      balance: "numeric",
      delta: "numeric",
      status: "text",
      inner_root: "text",
      inner_size: "numeric",
      label: "text?",
      actions: "json",
      flag: "boolean",
      f_slot: "int",
    });
  });
});
