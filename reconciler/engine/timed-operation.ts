// One engine operation, timed and logged at debug: when it starts, and how long it took.
import type { Logger } from "pino";

export interface OperationTiming {
  name: string;
  durationMs: number;
}

export async function timedOperation<T>(
  name: string,
  log: Logger | undefined,
  run: () => Promise<T>,
  record: (timing: OperationTiming) => void = () => undefined,
): Promise<T> {
  log?.debug({ operation: name }, "engine operation started");
  const started = performance.now();
  let ok = false;
  try {
    const result = await run();
    ok = true;
    return result;
  } finally {
    const durationMs = Math.round(performance.now() - started);
    record({ name, durationMs });
    log?.debug({ operation: name, durationMs, ok }, "engine operation finished");
  }
}
