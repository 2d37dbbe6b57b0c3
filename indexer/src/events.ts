/**
 * Anchor events from a transaction's log messages: each `Program data: <base64>` line belongs
 * to the program on top of the invoke stack; its first 8 bytes are the event's discriminator.
 */
import type { Json } from "./borsh";
import type { ProgramLayout } from "./layout";
import type { EventRow } from "./store";

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program (\w+) (success|failed)/;
const DATA = "Program data: ";

export interface RawEventLine {
  /** Position among the transaction's `Program data:` lines. */
  idx: number;
  program: string;
  data: Buffer;
}

export function eventLines(logs: readonly string[]): RawEventLine[] {
  const stack: string[] = [];
  const out: RawEventLine[] = [];
  let idx = 0;
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke !== null) {
      stack.push(invoke[1]!);
      continue;
    }
    if (EXIT.test(line)) {
      stack.pop();
      continue;
    }
    if (line.startsWith(DATA)) {
      const program = stack[stack.length - 1];
      const first = line.slice(DATA.length).split(" ")[0] ?? "";
      if (program !== undefined) out.push({ idx, program, data: Buffer.from(first, "base64") });
      idx += 1;
    }
  }
  return out;
}

export interface DecodedEvents {
  rows: EventRow[];
  /** Lines of our programs that matched no IDL event. */
  unknown: number;
}

/** The events of the programs in `layouts` (by address) found in `logs`. */
export function decodeEvents(
  layouts: ReadonlyMap<string, ProgramLayout>,
  logs: readonly string[],
  signature: string,
  slot: number,
  blockTime: number | null,
  only?: string,
): DecodedEvents {
  const rows: EventRow[] = [];
  let unknown = 0;
  for (const line of eventLines(logs)) {
    if (only !== undefined && line.program !== only) continue;
    const layout = layouts.get(line.program);
    if (layout === undefined) continue;
    const event = layout.events.find((e) => line.data.subarray(0, 8).equals(e.discriminator));
    if (event === undefined) {
      unknown += 1;
      continue;
    }
    let data: { [key: string]: Json };
    try {
      data = layout.decoder.decode(event.name, line.data.subarray(8));
    } catch {
      unknown += 1;
      continue;
    }
    rows.push({ signature, idx: line.idx, program: layout.program.name, name: event.name, slot, blockTime, data });
  }
  return { rows, unknown };
}
