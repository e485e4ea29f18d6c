// Detection for one stack, cheapest first: one preview with refresh; only when it
// proposes changes, a refresh preview (drift) and a plain preview (pending code changes),
// both at once.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation/index.js";
import type { Clock } from "../core/clock.js";
import type { IgnoreRule } from "../core/config-schema.js";
import { driftItems, managedResourceCount, pendingItems, planSteps } from "../core/drift-model.js";
import { stackStatusOf, type DriftReport } from "../core/drift-report.js";
import { applyIgnoreRules } from "../core/ignore-rules.js";
import type { Logger } from "pino";
import { runAbortable } from "./engine-abort.js";
import { timedOperation, type OperationTiming } from "./timed-operation.js";
import { stuckVerdict } from "../core/stack-lock.js";
import { classifyEngineError, type EngineFailure } from "./engine-errors.js";

export interface DetectContext {
  project: string;
  /** Already redacted. */
  backend: string;
  ignore: IgnoreRule[];
  signal?: AbortSignal;
  now: Clock;
  /** Progress for humans: which engine operation runs, and each resource step seen. */
  onProgress?: (operation: string, event: EngineEvent) => void;
  /** Scrubs secrets from error messages. */
  redact?: (text: string) => string;
  /** The stack's logger: each engine operation and its duration at debug. */
  log?: Logger;
  /** When a busy stack is stuck: its lock older than this (policy.staleLockAfter), and where the project is. */
  locks?: { staleAfter: string; workDir: string };
}

/** A busy stack whose lock is older than policy.staleLockAfter is stuck: say who holds it and how to clear it. */
function stuckReport(
  failure: EngineFailure,
  ctx: DetectContext,
  stackName: string,
): Pick<DriftReport, "status" | "error" | "lock"> | undefined {
  if (failure.status !== "busy" || !failure.locks || !ctx.locks) return undefined;
  const where = { stack: stackName, backend: ctx.backend, workDir: ctx.locks.workDir };
  const stuck = stuckVerdict(failure.locks, ctx.now(), ctx.locks.staleAfter, where);
  return stuck ? { status: "stuck", error: stuck.message, lock: stuck.lock } : undefined;
}

export async function detectStack(stack: Stack, ctx: DetectContext): Promise<DriftReport> {
  const startedAt = ctx.now();
  const started = performance.now();
  const operations: OperationTiming[] = [];
  const base = { stack: stack.name, project: ctx.project, backend: ctx.backend, startedAt: startedAt.toISOString() };
  /** One engine operation: its events collected, its cancellation deferred (engine-abort.ts). */
  const run = (
    name: string,
    sink: EngineEvent[],
    op: (onEvent: (e: EngineEvent) => void, signal: AbortSignal) => Promise<unknown>,
  ) =>
    timedOperation(
      name,
      ctx.log,
      () =>
        runAbortable(
          ctx.signal,
          (event) => {
            sink.push(event);
            ctx.onProgress?.(name, event);
          },
          op,
        ),
      (timing) => operations.push(timing),
    );
  const finish = (rest: Omit<DriftReport, keyof typeof base | "durationMs" | "engineOperations">): DriftReport => ({
    ...base,
    durationMs: Math.round(performance.now() - started),
    engineOperations: operations,
    ...rest,
  });

  try {
    const planEvents: EngineEvent[] = [];
    await run("preview --refresh", planEvents, (onEvent, signal) => stack.preview({ refresh: true, onEvent, signal }));
    const plan = planSteps(planEvents);
    const resourceCount = managedResourceCount(planEvents);
    if (plan.length === 0) {
      return finish({ status: "in-sync", drift: [], pending: [], plan, resourceCount, ignoredDifferences: 0 });
    }
    // Previews take no stack lock, so the two attributions run side by side (measured: 1.7 s
    // instead of 2.6 s on the fixture stack).
    const refreshEvents: EngineEvent[] = [];
    const previewEvents: EngineEvent[] = [];
    await Promise.all([
      run("preview-refresh", refreshEvents, (onEvent, signal) => stack.previewRefresh({ onEvent, signal })),
      run("preview", previewEvents, (onEvent, signal) => stack.preview({ onEvent, signal })),
    ]);

    const { items: drift, ignored } = applyIgnoreRules(driftItems(refreshEvents), ctx.ignore);
    const pending = pendingItems(previewEvents);
    return finish({
      status: stackStatusOf(drift, pending),
      drift,
      pending,
      plan,
      resourceCount: managedResourceCount(refreshEvents),
      ignoredDifferences: ignored,
    });
  } catch (err) {
    const failure = classifyEngineError(err, ctx.redact);
    const stuck = stuckReport(failure, ctx, stack.name);
    if (stuck) return finish({ drift: [], pending: [], plan: [], resourceCount: 0, ignoredDifferences: 0, ...stuck });
    return finish({
      status: failure.status,
      drift: [],
      pending: [],
      plan: [],
      resourceCount: 0,
      ignoredDifferences: 0,
      error: failure.message,
    });
  }
}
