// Detection for one stack, cheapest first: a refresh preview (drift: cloud vs the last
// deployment; the program does not run). The program runs only when its answer can matter
// (pending-check.ts). When a pending check is due (known before the engine is asked anything), a
// plain preview runs beside the refresh preview; with drift, a preview with refresh then gives what
// `up` would do (for the guards). When none is due and drift is found, that preview with refresh
// also gives the pending code changes, read off the same stream (core/pending-attribution.ts); a
// plain preview follows only where that stream cannot tell.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation/index.js";
import type { Clock } from "../core/clock.js";
import type { IgnoreRule } from "../core/config-schema.js";
import { driftItems, managedResourceCount, pendingItems, planSteps } from "../core/drift-model.js";
import { stackStatusOf, type DriftReport, type PendingItem } from "../core/drift-report.js";
import { applyIgnoreRules } from "../core/ignore-rules.js";
import type { Logger } from "pino";
import { runAbortable } from "./engine-abort.js";
import { timedOperation, type OperationTiming } from "./timed-operation.js";
import { stuckVerdict } from "../core/stack-lock.js";
import { classifyEngineError, type EngineFailure } from "./engine-errors.js";
import { pendingCheckReason, type PendingCheckStore } from "./pending-check.js";
import { pendingFromRefreshedPlan } from "../core/pending-attribution.js";

/** What the last full check said, and whether to trust it this time. */
export interface PendingCheck {
  store: PendingCheckStore;
  /** The stack's key in the store. */
  key: string;
  /** The program's fingerprint now (pending-check.ts). */
  fingerprint: string;
  /** policy.pendingCheckEvery. */
  every: number | string;
}

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
  /** The record of the last pending check; without one the program runs every time. */
  pendingCheck?: PendingCheck;
  /** force: run the program whatever the record says; skip: drift only (a verification that needs no more). */
  pendingMode?: "auto" | "force" | "skip";
}

type Checks = NonNullable<DriftReport["checks"]>;

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

/** Waits for both operations, then fails with the first one's error if either failed: none is left running. */
async function settleBoth(first: Promise<unknown>, second: Promise<unknown>): Promise<void> {
  const results = await Promise.allSettled([first, second]);
  for (const result of results) if (result.status === "rejected") throw result.reason;
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
  ) => {
    // Listed in the order they started, also when two run side by side.
    const slot = operations.push({ name, durationMs: 0 }) - 1;
    return timedOperation(
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
      (timing) => (operations[slot] = timing),
      started,
    );
  };
  const finish = (rest: Omit<DriftReport, keyof typeof base | "durationMs" | "engineOperations">): DriftReport => ({
    ...base,
    durationMs: Math.round(performance.now() - started),
    engineOperations: operations,
    ...rest,
  });

  try {
    const mode = ctx.pendingMode ?? "auto";
    const record = ctx.pendingCheck?.store.read(ctx.pendingCheck.key);
    // Whether the program must run whatever the drift: known before the engine is asked anything.
    const due: Checks["why"] =
      mode === "skip"
        ? undefined
        : mode === "force"
          ? "forced"
          : ctx.pendingCheck
            ? pendingCheckReason(record, ctx.pendingCheck.fingerprint, ctx.pendingCheck.every, startedAt)
            : "no-record";
    const refreshEvents: EngineEvent[] = [];
    const previewEvents: EngineEvent[] = [];
    const refreshPreview = () =>
      run("preview-refresh", refreshEvents, (onEvent, signal) => stack.previewRefresh({ onEvent, signal }));
    const preview = () => run("preview", previewEvents, (onEvent, signal) => stack.preview({ onEvent, signal }));
    if (due) {
      // The program runs anyway: its preview runs beside the refresh preview (previews take no lock).
      await settleBoth(refreshPreview(), preview());
    } else {
      await refreshPreview();
    }
    const found = driftItems(refreshEvents);
    const { items: drift, ignored } = applyIgnoreRules(found, ctx.ignore);
    const resourceCount = managedResourceCount(refreshEvents);
    const quiet = { drift, resourceCount, ignoredDifferences: ignored };

    if (drift.length === 0 && !due) {
      if (mode === "skip" || !record) {
        return finish({ status: "in-sync", pending: [], plan: [], ...quiet, checks: { pending: "skipped" } });
      }
      ctx.pendingCheck?.store.write(ctx.pendingCheck.key, { ...record, skipped: record.skipped + 1 });
      const checks: Checks = { pending: "cached", pendingCheckedAt: record.checkedAt };
      return finish({ status: "in-sync", pending: [], plan: [], ...quiet, checks });
    }

    const why: Checks["why"] = due === "forced" || drift.length === 0 ? due : "drift-found";
    const planEvents: EngineEvent[] = [];
    let pending: PendingItem[];
    let pendingFrom: Checks["pendingFrom"] = "preview";
    if (drift.length === 0) {
      // No drift: the plain preview is what `up --refresh` would do.
      pending = pendingItems(previewEvents);
    } else {
      await run("preview --refresh", planEvents, (onEvent, signal) =>
        stack.preview({ refresh: true, onEvent, signal }),
      );
      if (due) {
        pending = pendingItems(previewEvents);
      } else {
        // Ignored drift is still drift to the engine: every drifted resource counts here.
        const attributed = pendingFromRefreshedPlan(planEvents, new Set(found.map((item) => item.urn)));
        if (attributed.kind === "attributed") {
          pending = attributed.pending;
          pendingFrom = "plan";
        } else {
          ctx.log?.debug(
            { reasons: attributed.reasons },
            "the plan cannot tell pending changes from drift: previewing",
          );
          await preview();
          pending = pendingItems(previewEvents);
        }
      }
    }
    const plan = planSteps(drift.length === 0 ? previewEvents : planEvents);
    if (ctx.pendingCheck) {
      const { store, key, fingerprint } = ctx.pendingCheck;
      store.write(key, { fingerprint, checkedAt: startedAt.toISOString(), skipped: 0, pending: pending.length });
    }
    return finish({
      status: stackStatusOf(drift, pending),
      pending,
      plan,
      ...quiet,
      checks: { pending: "checked", ...(why ? { why } : {}), pendingFrom },
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
