// Cancelling an engine operation without leaving its stack locked. The Automation API
// cancels by sending the CLI SIGINT; a CLI hit before it has set up its own cancellation
// (just after it took the stack lock) dies on the spot and leaves the lock behind. So the
// signal is passed on only once the operation has emitted its first engine event, which
// the CLI does after its cancellation is in place; `fallbackMs` bounds the wait.
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";

export class OperationAbortedError extends Error {
  override readonly name = "AbortError";
  constructor() {
    super("aborted before the engine operation started");
  }
}

interface EngineAbort {
  signal: AbortSignal;
  /** Call on every engine event of the operation. */
  sawEvent(): void;
  /** Call when the operation has ended. */
  dispose(): void;
}

/**
 * Runs one engine operation with deferred cancellation: `op` gets an event listener
 * (which also forwards to `onEvent`) and the signal to hand to the Automation API.
 */
export async function runAbortable<T>(
  outer: AbortSignal | undefined,
  onEvent: (event: EngineEvent) => void,
  op: (onEvent: (event: EngineEvent) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = engineAbort(outer);
  try {
    return await op((event) => {
      abort.sawEvent();
      onEvent(event);
    }, abort.signal);
  } finally {
    abort.dispose();
  }
}

export function engineAbort(outer: AbortSignal | undefined, fallbackMs = 15_000): EngineAbort {
  if (outer?.aborted) throw new OperationAbortedError();
  const controller = new AbortController();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  const onOuter = () => {
    if (started) controller.abort();
    else timer = setTimeout(() => controller.abort(), fallbackMs);
  };
  outer?.addEventListener("abort", onOuter, { once: true });
  return {
    signal: controller.signal,
    sawEvent() {
      if (started) return;
      started = true;
      if (outer?.aborted) {
        if (timer) clearTimeout(timer);
        controller.abort();
      }
    },
    dispose() {
      outer?.removeEventListener("abort", onOuter);
      if (timer) clearTimeout(timer);
    },
  };
}
