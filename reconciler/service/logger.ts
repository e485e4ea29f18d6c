// Structured logs (pino): JSON for machines, readable lines on a terminal. Messages are
// static; details go in the metadata. Keys that could carry credentials are censored.
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export const redactedLogKeys = [
  "token",
  "auth",
  "authorization",
  "password",
  "passphrase",
  "secret",
  "*.token",
  "*.authorization",
  "*.password",
  "env",
  "*.env",
];

export interface LoggerOptions {
  /** pino level; default info (the CLI passes LOG_LEVEL). */
  level?: string | undefined;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? "info", redact: { paths: redactedLogKeys, censor: "[redacted]" } };
  const destination = opts.destination ?? process.stderr;
  const usePretty = opts.pretty ?? (destination as NodeJS.WriteStream).isTTY === true;
  return usePretty ? pino(options, pretty({ destination, colorize: true, sync: true })) : pino(options, destination);
}
