// One cycle at a time. Scheduled and manual ("run now") cycles share this lock: a cycle
// asked for while one runs is skipped and counted, never queued behind it.
import type { DeliveryResult } from "../audit/deliver-audit-events.js";
import type { StackOutcome } from "../core/stack-outcome.js";

export interface CycleResult {
  startedAt: Date;
  finishedAt: Date;
  outcomes: StackOutcome[];
  delivery?: DeliveryResult;
  error?: string;
}

export type CycleReason = "startup" | "scheduled" | "manual";

export interface CycleRunner {
  /** Runs a cycle now, or returns "skipped" when one is already running. */
  run(reason: CycleReason): Promise<CycleResult | "skipped">;
  isRunning(): boolean;
  /** Resolves when the running cycle (if any) has finished. */
  idle(): Promise<void>;
  /** Aborts the running cycle's engine operations (they release their locks). */
  abort(): void;
  /** When the last cycle that ran ended (its result's finishedAt), whatever its reason. */
  lastEndedAt(): Date | undefined;
}

export function createCycleRunner(
  cycle: (signal: AbortSignal, reason: CycleReason) => Promise<CycleResult>,
  onSkipped: (reason: CycleReason) => void = () => undefined,
): CycleRunner {
  let running: { promise: Promise<CycleResult>; controller: AbortController } | undefined;
  let lastEnded: Date | undefined;
  return {
    async run(reason) {
      if (running) {
        onSkipped(reason);
        return "skipped";
      }
      const controller = new AbortController();
      const promise = cycle(controller.signal, reason);
      running = { promise, controller };
      try {
        const result = await promise;
        lastEnded = result.finishedAt;
        return result;
      } finally {
        running = undefined;
      }
    },
    isRunning: () => running !== undefined,
    idle: async () => {
      await running?.promise.catch(() => undefined);
    },
    abort: () => running?.controller.abort(),
    lastEndedAt: () => lastEnded,
  };
}
