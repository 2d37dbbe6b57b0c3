/**
 * Decodes account and event data from the IDL alone (no generated code): Borsh, and the C
 * layout of `zero_copy` (bytemuck) accounts.
 *
 * Values come out JSON-safe: integers up to 32 bits as numbers, wider ones as decimal
 * strings, public keys in base58, `bytes` and `[u8; N]` as hex, unit-only enums as the variant
 * name, other enums as `{ Variant: fields }`. U+0000 in strings becomes U+FFFD (PostgreSQL text
 * and jsonb cannot store it).
 */
import { PublicKey } from "@solana/web3.js";

import { definedName, isNamedFields, type IdlFields, type IdlType, type IdlTypeDef, type ProgramIdl } from "./idl";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PRIMITIVE_SIZES: Record<string, number> = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4,
  u64: 8, i64: 8, f64: 8, u128: 16, i128: 16, u256: 32, i256: 32, pubkey: 32,
};

export class DecodeError extends Error {}

export class IdlDecoder {
  private readonly types = new Map<string, IdlTypeDef>();

  constructor(idl: ProgramIdl) {
    for (const def of idl.types ?? []) this.types.set(def.name, def);
  }

  typeDef(name: string): IdlTypeDef | undefined {
    return this.types.get(name);
  }

  /** Decodes `data` (without its discriminator) as the named type; the whole buffer need not be used. */
  decode(typeName: string, data: Buffer): { [key: string]: Json } {
    const def = this.types.get(typeName);
    if (def === undefined) throw new DecodeError(`no type ${typeName} in the IDL`);
    const aligned = def.serialization !== undefined && def.serialization.startsWith("bytemuck");
    const reader = new Reader(data, aligned && def.repr?.packed !== true);
    const value = this.readDef(def, reader, new Map());
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new DecodeError(`${typeName} is not a struct`);
    }
    return value;
  }

  private readDef(def: IdlTypeDef, reader: Reader, generics: Map<string, IdlType>): Json {
    const ty = def.type;
    switch (ty.kind) {
      case "struct":
        return this.readFields(ty.fields, reader, generics);
      case "enum": {
        const index = reader.u8();
        const variant = ty.variants[index];
        if (variant === undefined) throw new DecodeError(`${def.name}: no variant ${index}`);
        if (ty.variants.every((v) => v.fields === undefined || v.fields.length === 0)) return variant.name;
        return { [variant.name]: this.readFields(variant.fields, reader, generics) };
      }
      case "type":
        return this.read(ty.alias, reader, generics);
    }
  }

  private readFields(fields: IdlFields, reader: Reader, generics: Map<string, IdlType>): Json {
    if (fields === undefined || fields.length === 0) return {};
    if (isNamedFields(fields)) {
      const out: { [key: string]: Json } = {};
      for (const field of fields) out[field.name] = this.read(field.type, reader, generics);
      return out;
    }
    return (fields as IdlType[]).map((type) => this.read(type, reader, generics));
  }

  /** Alignment of a type in the C layout (host x86_64: u128 aligns to 16). */
  align(type: IdlType, generics: Map<string, IdlType> = new Map()): number {
    if (typeof type === "string") return type === "pubkey" ? 1 : Math.min(PRIMITIVE_SIZES[type] ?? 1, 16);
    if ("array" in type) return this.align(type.array[0], generics);
    if ("generic" in type) return this.align(generics.get(type.generic) ?? "u8", generics);
    const name = definedName(type);
    const def = name === undefined ? undefined : this.types.get(name);
    if (def === undefined) return 1;
    if (def.repr?.packed === true) return 1;
    if (def.type.kind === "struct") {
      const fields = def.type.fields;
      if (fields === undefined) return 1;
      const types = isNamedFields(fields) ? fields.map((f) => f.type) : (fields as IdlType[]);
      return Math.max(1, def.repr?.align ?? 1, ...types.map((t) => this.align(t, generics)));
    }
    if (def.type.kind === "type") return this.align(def.type.alias, generics);
    return 1;
  }

  read(type: IdlType, reader: Reader, generics: Map<string, IdlType>): Json {
    if (typeof type === "string") {
      reader.alignTo(type === "pubkey" ? 1 : Math.min(PRIMITIVE_SIZES[type] ?? 1, 16));
      return reader.primitive(type);
    }
    if ("option" in type || "coption" in type) {
      const inner = "option" in type ? type.option : type.coption;
      const present = "option" in type ? reader.u8() : reader.u32();
      return present === 0 ? null : this.read(inner, reader, generics);
    }
    if ("vec" in type) {
      const length = reader.u32();
      if (type.vec === "u8") return reader.bytes(length).toString("hex");
      const out: Json[] = [];
      for (let i = 0; i < length; i += 1) out.push(this.read(type.vec, reader, generics));
      return out;
    }
    if ("array" in type) {
      const [inner, lengthSpec] = type.array;
      const length = typeof lengthSpec === "number" ? lengthSpec : Number(constGeneric(generics, lengthSpec.generic));
      if (inner === "u8") return reader.bytes(length).toString("hex");
      reader.alignTo(this.align(inner, generics));
      const out: Json[] = [];
      for (let i = 0; i < length; i += 1) out.push(this.read(inner, reader, generics));
      return out;
    }
    if ("generic" in type) {
      const bound = generics.get(type.generic);
      if (bound === undefined) throw new DecodeError(`unbound generic ${type.generic}`);
      return this.read(bound, reader, generics);
    }
    const name = definedName(type);
    const def = name === undefined ? undefined : this.types.get(name);
    if (def === undefined) throw new DecodeError(`no type ${String(name)} in the IDL`);
    const inner = new Map(generics);
    const args = typeof type.defined === "object" ? (type.defined.generics ?? []) : [];
    (def.generics ?? []).forEach((g, i) => {
      const arg = args[i];
      if (arg === undefined) return;
      inner.set(g.name, arg.kind === "type" ? arg.type : (arg.value as IdlType));
    });
    const align = reader.aligned ? this.align(type, generics) : 1;
    reader.alignTo(align);
    const start = reader.offset;
    const value = this.readDef(def, reader, inner);
    // A C struct's size is a multiple of its alignment.
    if (reader.aligned && def.type.kind === "struct") reader.alignTo(align, start);
    return value;
  }
}

function constGeneric(generics: Map<string, IdlType>, name: string): string {
  const value = generics.get(name);
  if (typeof value !== "string") throw new DecodeError(`unbound const generic ${name}`);
  return value;
}

export class Reader {
  offset = 0;
  constructor(
    private readonly data: Buffer,
    readonly aligned: boolean,
  ) {}

  alignTo(align: number, base = 0): void {
    if (!this.aligned || align <= 1) return;
    const rel = this.offset - base;
    const rem = rel % align;
    if (rem !== 0) this.offset += align - rem;
  }

  private take(n: number): Buffer {
    if (this.offset + n > this.data.length) {
      throw new DecodeError(`data too short: need ${this.offset + n} bytes, have ${this.data.length}`);
    }
    const slice = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return slice;
  }

  u8(): number {
    return this.take(1).readUInt8(0);
  }

  u32(): number {
    return this.take(4).readUInt32LE(0);
  }

  bytes(n: number): Buffer {
    return this.take(n);
  }

  primitive(type: string): Json {
    switch (type) {
      case "bool": {
        const b = this.u8();
        if (b > 1) throw new DecodeError(`invalid bool ${b}`);
        return b === 1;
      }
      case "u8": return this.u8();
      case "i8": return this.take(1).readInt8(0);
      case "u16": return this.take(2).readUInt16LE(0);
      case "i16": return this.take(2).readInt16LE(0);
      case "u32": return this.u32();
      case "i32": return this.take(4).readInt32LE(0);
      case "f32": return this.take(4).readFloatLE(0);
      case "f64": return this.take(8).readDoubleLE(0);
      case "u64": return this.take(8).readBigUInt64LE(0).toString();
      case "i64": return this.take(8).readBigInt64LE(0).toString();
      case "u128": case "i128": case "u256": case "i256": {
        const size = PRIMITIVE_SIZES[type]!;
        const bytes = this.take(size);
        let value = 0n;
        for (let i = size - 1; i >= 0; i -= 1) value = (value << 8n) | BigInt(bytes[i]!);
        if (type.startsWith("i") && (bytes[size - 1]! & 0x80) !== 0) value -= 1n << BigInt(size * 8);
        return value.toString();
      }
      case "pubkey": return new PublicKey(this.take(32)).toBase58();
      // PostgreSQL text and jsonb cannot hold U+0000: it becomes U+FFFD (the account still indexes).
      case "string": return this.take(this.u32()).toString("utf8").replace(/\u0000/g, "\ufffd");
      case "bytes": return this.take(this.u32()).toString("hex");
      default:
        throw new DecodeError(`unsupported IDL type ${type}`);
    }
  }
}
