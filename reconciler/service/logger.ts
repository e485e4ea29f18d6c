// Structured logs (pino): JSON for machines, readable lines on a terminal. Messages are
// static; details go in the metadata. Keys that could carry credentials are censored, and
// every string logged passes through the output redactor (core/redact.ts).
import { pino, type Logger, type LoggerOptions as PinoOptions } from "pino";
import pretty from "pino-pretty";
import { createRedactor, redactDeep, type Redact } from "../core/redact.js";

export type { Logger };

const redactedLogKeys = [
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

interface LoggerOptions {
  /** pino level; default info (the CLI passes LOG_LEVEL). */
  level?: string | undefined;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
  /** Applied to the message and every string of the metadata (default: secret shapes and URL credentials only). */
  redact?: Redact;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const redact = opts.redact ?? createRedactor();
  const options: PinoOptions = {
    level: opts.level ?? "info",
    redact: { paths: redactedLogKeys, censor: "[redacted]" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, redactDeep(args, redact));
      },
    },
  };
  const destination = opts.destination ?? process.stderr;
  const usePretty = opts.pretty ?? (destination as NodeJS.WriteStream).isTTY === true;
  return usePretty ? pino(options, pretty({ destination, colorize: true, sync: true })) : pino(options, destination);
}
