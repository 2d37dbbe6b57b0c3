/**
 * The Umi plugin: `umi.use(synq())` registers the Synq programs in Umi's program repository
 * (names `synqRegistry`, `synqStaking`, `synqPaymentConfig`, `synqGovernance`,
 * `synqRuntimeProbe`), so Umi resolves their ids by name and turns their custom error codes
 * into named `SynqProgramError`s when a transaction fails. Ids and errors come from the IDLs,
 * like everything else in the SDK.
 */
import {
  ProgramError,
  publicKey,
  type Cluster,
  type Context,
  type Program,
  type PublicKey,
  type UmiPlugin,
} from "@metaplex-foundation/umi";

import { PROGRAM_KEYS, RAW_IDLS, type ProgramKey } from "./idl";
import { programId } from "./programs";

/** A program error of a Synq program, named as in its IDL (e.g. "InvalidTier"). */
export class SynqProgramError extends ProgramError {
  override readonly name: string;

  constructor(
    readonly code: number,
    name: string,
    message: string,
    program: Program,
    cause?: Error,
  ) {
    super(message, program, cause);
    this.name = name;
  }
}

/** Umi's name for a Synq program: `synq` + the SDK key in PascalCase. */
export function umiProgramName(key: ProgramKey): string {
  return `synq${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

interface IdlError {
  code: number;
  name: string;
  msg?: string;
}

function synqProgram(key: ProgramKey): Program {
  const errors = (RAW_IDLS[key].errors ?? []) as IdlError[];
  const program: Program = {
    name: umiProgramName(key),
    publicKey: publicKey(programId(key).toBase58()),
    getErrorFromCode(code: number, cause?: Error) {
      const found = errors.find((e) => e.code === code);
      return found ? new SynqProgramError(found.code, found.name, found.msg ?? found.name, program, cause) : null;
    },
    getErrorFromName(name: string, cause?: Error) {
      const found = errors.find((e) => e.name === name);
      return found ? new SynqProgramError(found.code, found.name, found.msg ?? found.name, program, cause) : null;
    },
    // The ids are the same on every cluster the programs are deployed to.
    isOnCluster: (_cluster: Cluster) => true,
  };
  return program;
}

/** `umi.use(synq())`: registers every Synq program (replacing earlier registrations of them). */
export function synq(): UmiPlugin {
  return {
    install(umi) {
      for (const key of PROGRAM_KEYS) umi.programs.add(synqProgram(key), true);
    },
  };
}

/** A Synq program's id as Umi knows it (after `synq()` was installed). */
export function synqProgramId(context: Pick<Context, "programs">, key: ProgramKey): PublicKey {
  return context.programs.getPublicKey(umiProgramName(key));
}
