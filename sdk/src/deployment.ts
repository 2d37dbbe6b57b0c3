/**
 * The deployment file (`.synq/deployment.json`): the addresses `migrations/deploy.ts` created
 * or found on a cluster, so clients do not need to be told them one by one.
 */
import { PublicKey } from "@solana/web3.js";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { PROGRAM_KEYS, type ProgramKey } from "./idl";

export interface Deployment {
  rpcUrl: string;
  /** The $SYNQ mint. */
  mint: PublicKey;
  /** Who ran the deployment: mint authority and, until governance takes over, config authority. */
  authority: PublicKey;
  programs: { [K in ProgramKey]: PublicKey };
  configs: {
    registry: PublicKey;
    staking: PublicKey;
    paymentConfig: PublicKey;
    governance: PublicKey;
  };
  treasury: PublicKey;
  slasher: PublicKey;
  governanceAuthority: PublicKey;
}

const CONFIG_KEYS = ["registry", "staking", "paymentConfig", "governance"] as const;
const TOP_KEYS = ["mint", "authority", "treasury", "slasher", "governanceAuthority"] as const;

function field(source: Record<string, unknown>, key: string, where: string): PublicKey {
  const value = source[key];
  if (typeof value !== "string") throw new Error(`${where}: ${key} is missing`);
  try {
    return new PublicKey(value);
  } catch {
    throw new Error(`${where}: ${key} is not an address: ${value}`);
  }
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) throw new Error(`${where} is not an object`);
  return value as Record<string, unknown>;
}

export function parseDeployment(json: unknown, where = "deployment"): Deployment {
  const root = record(json, where);
  const programsJson = record(root.programs, `${where}.programs`);
  const configsJson = record(root.configs, `${where}.configs`);
  if (typeof root.rpcUrl !== "string") throw new Error(`${where}: rpcUrl is missing`);
  const programs = {} as Deployment["programs"];
  for (const key of PROGRAM_KEYS) programs[key] = field(programsJson, key, `${where}.programs`);
  const configs = {} as Deployment["configs"];
  for (const key of CONFIG_KEYS) configs[key] = field(configsJson, key, `${where}.configs`);
  const [mint, authority, treasury, slasher, governanceAuthority] = TOP_KEYS.map((k) =>
    field(root, k, where),
  );
  return { rpcUrl: root.rpcUrl, mint, authority, programs, configs, treasury, slasher, governanceAuthority };
}

/** JSON form: every address as base58. */
export function deploymentToJson(d: Deployment): Record<string, unknown> {
  const map = <K extends string>(o: { [P in K]: PublicKey }): Record<K, string> => {
    const out = {} as Record<K, string>;
    for (const k of Object.keys(o) as K[]) out[k] = o[k].toBase58();
    return out;
  };
  return {
    rpcUrl: d.rpcUrl,
    mint: d.mint.toBase58(),
    authority: d.authority.toBase58(),
    treasury: d.treasury.toBase58(),
    slasher: d.slasher.toBase58(),
    governanceAuthority: d.governanceAuthority.toBase58(),
    programs: map(d.programs),
    configs: map(d.configs),
  };
}

/** The deployment at `path`, or undefined when there is no such file. */
export function readDeployment(path: string): Deployment | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return parseDeployment(JSON.parse(text), path);
}

export function writeDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deploymentToJson(deployment), null, 2)}\n`);
}
