/** Structured JSON logs (pino) on stdout. */
import pino, { type Logger } from 'pino';

export function createLogger(level = process.env.SYNQ_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: 'synq-storage-node', level, base: { pid: process.pid } });
}
