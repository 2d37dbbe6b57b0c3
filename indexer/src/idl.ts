/**
 * The part of the Anchor (0.30+) IDL format the indexer reads, and the programs' IDLs as the
 * SDK ships them (`sdk/idl`; the SDK's idl.ts is the one place that knows that path).
 */
import { PROGRAM_KEYS, RAW_IDLS, type ProgramKey } from "@synq/sdk";

export type IdlType =
  | string
  | { option: IdlType }
  | { coption: IdlType }
  | { vec: IdlType }
  | { array: [IdlType, number | { generic: string }] }
  | { defined: { name: string; generics?: IdlGenericArg[] } | string }
  | { generic: string };

export type IdlGenericArg = { kind: "type"; type: IdlType } | { kind: "const"; value: string };

export interface IdlField {
  name: string;
  type: IdlType;
}

/** Named fields, tuple fields, or none (unit). */
export type IdlFields = IdlField[] | IdlType[] | undefined;

export interface IdlEnumVariant {
  name: string;
  fields?: IdlFields;
}

export type IdlTypeDefTy =
  | { kind: "struct"; fields?: IdlFields }
  | { kind: "enum"; variants: IdlEnumVariant[] }
  | { kind: "type"; alias: IdlType };

export interface IdlTypeDef {
  name: string;
  type: IdlTypeDefTy;
  serialization?: string;
  repr?: { kind: string; packed?: boolean; align?: number };
  generics?: { kind: "type" | "const"; name: string }[];
}

export interface IdlNamed {
  name: string;
  discriminator: number[];
}

export interface ProgramIdl {
  address: string;
  metadata: { name: string; version?: string };
  accounts?: IdlNamed[];
  events?: IdlNamed[];
  types?: IdlTypeDef[];
}

/** A program the indexer follows: its key, its snake_case name and its IDL. */
export interface IndexedProgram {
  key: ProgramKey;
  /** The IDL's metadata.name, e.g. `payment_config`. */
  name: string;
  address: string;
  idl: ProgramIdl;
}

export function isNamedFields(fields: IdlFields): fields is IdlField[] {
  return fields !== undefined && fields.length > 0 && typeof fields[0] === "object" && fields[0] !== null && "name" in fields[0];
}

export function definedName(type: IdlType): string | undefined {
  if (typeof type !== "object" || !("defined" in type)) return undefined;
  return typeof type.defined === "string" ? type.defined : type.defined.name;
}

export function loadPrograms(keys: readonly ProgramKey[] = PROGRAM_KEYS): IndexedProgram[] {
  return keys.map((key) => {
    const idl = RAW_IDLS[key] as unknown as ProgramIdl;
    return { key, name: idl.metadata.name, address: idl.address, idl };
  });
}
