/** Structured JSON logs (pino) on stderr, so stdout stays for the ready line (as the indexer's). */
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.SYNQ_LOG_LEVEL ?? "info"): Logger {
  return pino({ name: "synq-dashboard", level }, pino.destination(2));
}
