/**
 * Table layouts derived from the IDLs: one table per account type, one typed column per
 * (flattened) field. Nested structs become `outer_inner` columns, unit-only enums text,
 * `Option<scalar>` a nullable column, anything else (vectors, data-carrying enums) jsonb.
 */
import { createHash } from "node:crypto";

import type { Json } from "./borsh";
import { IdlDecoder } from "./borsh";
import { definedName, isNamedFields, type IdlType, type IndexedProgram } from "./idl";

/** How a column is stored and served. */
export type ColumnKind = "boolean" | "int" | "bigint" | "numeric" | "float" | "text" | "json";

export interface Column {
  /** SQL column name (snake_case path). */
  name: string;
  /** GraphQL field name (camelCase). */
  field: string;
  kind: ColumnKind;
  /** The IDL type, for the GraphQL scalar choice (e.g. u32 as Float). */
  idlType: string;
  nullable: boolean;
  /** Path into the decoded value. */
  path: string[];
}

export interface AccountLayout {
  program: IndexedProgram;
  /** IDL account name, e.g. `StakePool`. */
  account: string;
  table: string;
  /** GraphQL type name, e.g. `StakingStakePool`. */
  typeName: string;
  discriminator: Buffer;
  columns: Column[];
  /** Changes whenever the columns do: a changed layout rebuilds its table. */
  fingerprint: string;
}

export interface EventLayout {
  program: IndexedProgram;
  name: string;
  discriminator: Buffer;
}

export interface ProgramLayout {
  program: IndexedProgram;
  decoder: IdlDecoder;
  accounts: AccountLayout[];
  events: EventLayout[];
}

export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function pascal(name: string): string {
  const c = camel(snake(name));
  return c.charAt(0).toUpperCase() + c.slice(1);
}

const SCALARS: Record<string, ColumnKind> = {
  bool: "boolean",
  u8: "int", i8: "int", u16: "int", i16: "int", i32: "int",
  u32: "bigint", i64: "bigint",
  u64: "numeric", u128: "numeric", i128: "numeric", u256: "numeric", i256: "numeric",
  f32: "float", f64: "float",
  pubkey: "text", string: "text", bytes: "text",
};

/** Reserved column names the indexer adds itself. */
export const META_COLUMNS = ["address", "slot", "closed", "closed_slot", "lamports", "data", "updated_at"];

export function programLayout(program: IndexedProgram): ProgramLayout {
  const decoder = new IdlDecoder(program.idl);
  const accounts = (program.idl.accounts ?? []).map((account) => {
    const columns: Column[] = [];
    const def = decoder.typeDef(account.name);
    if (def !== undefined && def.type.kind === "struct") {
      flatten(decoder, def.type.fields === undefined || !isNamedFields(def.type.fields) ? [] : def.type.fields, [], false, columns, 0);
    }
    const table = `acct_${program.name}_${snake(account.name)}`.slice(0, 63);
    const fingerprint = createHash("sha256")
      .update(JSON.stringify({ d: account.discriminator, c: columns.map((c) => [c.name, c.kind, c.nullable]), t: def }))
      .digest("hex")
      .slice(0, 16);
    return {
      program,
      account: account.name,
      table,
      typeName: pascal(program.name) + pascal(account.name),
      discriminator: Buffer.from(account.discriminator),
      columns,
      fingerprint,
    };
  });
  const events = (program.idl.events ?? []).map((event) => ({
    program,
    name: event.name,
    discriminator: Buffer.from(event.discriminator),
  }));
  return { program, decoder, accounts, events };
}

function flatten(
  decoder: IdlDecoder,
  fields: { name: string; type: IdlType }[],
  prefix: string[],
  nullable: boolean,
  out: Column[],
  depth: number,
): void {
  for (const field of fields) {
    const path = [...prefix, field.name];
    let type = field.type;
    let optional = nullable;
    if (typeof type === "object" && "option" in type && isScalarLike(decoder, type.option)) {
      type = type.option;
      optional = true;
    }
    const name = snake(path.join("_"));
    const push = (kind: ColumnKind, idlType: string): void => {
      if (META_COLUMNS.includes(name)) {
        out.push({ name: `f_${name}`, field: camel(`f_${name}`), kind, idlType, nullable: optional, path });
      } else {
        out.push({ name, field: camel(name), kind, idlType, nullable: optional, path });
      }
    };
    if (typeof type === "string") {
      push(SCALARS[type] ?? "json", type);
      continue;
    }
    if ("array" in type && type.array[0] === "u8") {
      push("text", "bytes");
      continue;
    }
    const defined = definedName(type);
    const def = defined === undefined ? undefined : decoder.typeDef(defined);
    if (def !== undefined && def.type.kind === "enum" && def.type.variants.every((v) => !v.fields?.length)) {
      push("text", "enum");
      continue;
    }
    if (
      def !== undefined && def.type.kind === "struct" && depth < 3 && (def.generics ?? []).length === 0 &&
      def.type.fields !== undefined && isNamedFields(def.type.fields)
    ) {
      flatten(decoder, def.type.fields, path, optional, out, depth + 1);
      continue;
    }
    if (def !== undefined && def.type.kind === "type" && typeof def.type.alias === "string") {
      push(SCALARS[def.type.alias] ?? "json", def.type.alias);
      continue;
    }
    push("json", "json");
  }
}

function isScalarLike(decoder: IdlDecoder, type: IdlType): boolean {
  if (typeof type === "string") return type in SCALARS;
  const name = definedName(type);
  const def = name === undefined ? undefined : decoder.typeDef(name);
  return def !== undefined && def.type.kind === "enum" && def.type.variants.every((v) => !v.fields?.length);
}

/** The value of `column` in a decoded account (SQL parameter form). */
export function columnValue(column: Column, decoded: { [key: string]: Json }): Json {
  let value: Json = decoded;
  for (const key of column.path) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    value = value[key] ?? null;
  }
  return value;
}
