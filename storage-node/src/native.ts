/**
 * Loads the native socket layer (storage-node/native, a Rust N-API addon built by
 * `npm install` through scripts/build.mjs) and types its one class.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Inbox record kinds (native/src/event_loop.rs `wire`). */
export const EVENT_OPEN = 1;
export const EVENT_DATA = 2;
export const EVENT_CLOSED = 3;
/** Outgoing record flag: close the connection once its bytes are out. */
export const FLAG_END = 1;
export const INBOX_HEADER = 9;
export const OUTBOX_HEADER = 9;

export interface BatchServer {
  readonly port: number;
  /** Every event since the last call, as `[u8 kind][u32 LE conn][u32 LE len][bytes]` records. */
  take(): Buffer;
  /** `[u32 LE conn][u32 LE len][u8 flags][bytes]` records. */
  send(records: Buffer): void;
  close(): void;
}

interface NativeModule {
  BatchServer: new (host: string, port: number, onReady: () => void) => BatchServer;
}

export const NATIVE_MODULE = path.resolve(__dirname, '../../native/synq_storage_native.node');

let loaded: NativeModule | undefined;

export function loadNative(): NativeModule {
  if (loaded) return loaded;
  if (!fs.existsSync(NATIVE_MODULE)) {
    throw new Error(`the storage node's native module is missing (${NATIVE_MODULE}): run \`npm install\` or \`npm run build -- storage-native\` at the repository root`);
  }
  loaded = require(NATIVE_MODULE) as NativeModule;
  return loaded;
}
