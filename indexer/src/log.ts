/** Structured JSON logs (pino) on stderr, so stdout stays for the ready line. */
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.SYNQ_LOG_LEVEL ?? "info"): Logger {
  return pino({ name: "synq-indexer", level }, pino.destination(2));
}
