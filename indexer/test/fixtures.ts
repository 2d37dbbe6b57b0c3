/** A hand-built IDL covering the decoder's cases (shared by the unit tests). */
import type { ProgramIdl } from "../src/idl";

export const IDL: ProgramIdl = {
  address: "11111111111111111111111111111111",
  metadata: { name: "sample" },
  accounts: [
    { name: "Thing", discriminator: [1, 2, 3, 4, 5, 6, 7, 8] },
    { name: "Packed", discriminator: [8, 7, 6, 5, 4, 3, 2, 1] },
  ],
  types: [
    { name: "Status", type: { kind: "enum", variants: [{ name: "Pending" }, { name: "Active" }] } },
    {
      name: "Action",
      type: { kind: "enum", variants: [{ name: "Noop" }, { name: "Move", fields: [{ name: "amount", type: "u64" }] }] },
    },
    { name: "Inner", type: { kind: "struct", fields: [{ name: "root", type: { array: ["u8", 4] } }, { name: "size", type: "u64" }] } },
    {
      name: "Thing",
      type: {
        kind: "struct",
        fields: [
          { name: "owner", type: "pubkey" },
          { name: "balance", type: "u64" },
          { name: "delta", type: "i128" },
          { name: "status", type: { defined: { name: "Status" } } },
          { name: "inner", type: { defined: { name: "Inner" } } },
          { name: "label", type: { option: "string" } },
          { name: "actions", type: { vec: { defined: { name: "Action" } } } },
          { name: "flag", type: "bool" },
          { name: "slot", type: "u16" },
        ],
      },
    },
    {
      name: "Packed",
      serialization: "bytemuck",
      repr: { kind: "c" },
      type: { kind: "struct", fields: [{ name: "a", type: "u8" }, { name: "b", type: "u64" }, { name: "c", type: "u16" }] },
    },
  ],
};
