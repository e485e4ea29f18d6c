// One engine operation, timed and logged at debug: when it starts, and how long it took.
import type { Logger } from "pino";

export interface OperationTiming {
  name: string;
  durationMs: number;
  /** When it started, in ms after `origin` (given to timedOperation). */
  startMs?: number;
}

export async function timedOperation<T>(
  name: string,
  log: Logger | undefined,
  run: () => Promise<T>,
  record: (timing: OperationTiming) => void = () => undefined,
  /** performance.now() of what the start offset counts from; without it no offset is recorded. */
  origin?: number,
): Promise<T> {
  log?.debug({ operation: name }, "engine operation started");
  const started = performance.now();
  const startMs = origin === undefined ? undefined : Math.round(started - origin);
  let ok = false;
  try {
    const result = await run();
    ok = true;
    return result;
  } finally {
    const durationMs = Math.round(performance.now() - started);
    record({ name, durationMs, ...(startMs === undefined ? {} : { startMs }) });
    log?.debug({ operation: name, durationMs, ok }, "engine operation finished");
  }
}
