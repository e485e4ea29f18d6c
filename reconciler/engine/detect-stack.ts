// Detection for one stack, cheapest first: a refresh preview (drift: cloud vs the last
// deployment; the program does not run). The program runs only when its answer can matter
// (pending-check.ts). When a pending check is due (known before the engine is asked anything), a
// plain preview runs beside the refresh preview; with drift, a preview with refresh then gives what
// `up` would do (for the guards). When none is due and drift is found, that preview with refresh
// also gives the pending code changes, read off the same stream (core/pending-attribution.ts); a
// plain preview follows only where that stream cannot tell.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation/index.js";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { IgnoreRule } from "../core/config-schema.js";
import { driftItems, managedResourceCount, pendingItems, planSteps } from "../core/drift-model.js";
import {
  blankReport,
  stackStatusOf,
  type DriftItem,
  type DriftReport,
  type PendingItem,
  type StackStatus,
} from "../core/drift-report.js";
import { applyIgnoreRules } from "../core/ignore-rules.js";
import { pendingFromRefreshedPlan } from "../core/pending-attribution.js";
import type { StackLock } from "../core/stack-lock.js";
import { runAbortable } from "./engine-abort.js";
import { classifyEngineError } from "./engine-errors.js";
import { pendingCheckReason, type PendingRecord, type PendingCheckStore } from "./pending-check.js";
import { timedOperation, type OperationTiming } from "./timed-operation.js";

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
  /** The record of the last pending check; without one the program runs every time. */
  pendingCheck?: PendingCheck;
  /** force: run the program whatever the record says; skip: drift only (a verification that needs no more). */
  pendingMode?: "auto" | "force" | "skip";
  /** The engine's --parallel for every operation (stacks[].engine.parallel); unset: the engine's default. */
  parallel?: number;
}

/** Options every engine operation of the stack gets. */
export const engineOptions = (ctx: Pick<DetectContext, "parallel">) =>
  ctx.parallel === undefined ? {} : { parallel: ctx.parallel };

/** The report, and the locks a busy stack's engine call met (what to make of them is core/lock-verdict.ts's). */
export interface Detection {
  report: DriftReport;
  locks: readonly StackLock[];
}

type Checks = NonNullable<DriftReport["checks"]>;
type EngineCall = (onEvent: (e: EngineEvent) => void, signal: AbortSignal) => Promise<unknown>;

/** The engine's event streams of one detection, one per kind of call. */
interface Streams {
  refresh: EngineEvent[];
  preview: EngineEvent[];
  plan: EngineEvent[];
}

/** One detection's engine calls, timed in the order they started (also when two run side by side), and its report. */
interface DetectionRun {
  startedAt: Date;
  /** One engine operation: its events collected, its cancellation deferred (engine-abort.ts). */
  call(name: string, sink: EngineEvent[], op: EngineCall): Promise<unknown>;
  /** The report: the stack, the time taken and the operations, then `rest`. */
  report(status: StackStatus, rest: Partial<DriftReport>): DriftReport;
}

function detectionRun(stackName: string, ctx: DetectContext): DetectionRun {
  const startedAt = ctx.now();
  const started = performance.now();
  const operations: OperationTiming[] = [];
  return {
    startedAt,
    call(name, sink, op) {
      const slot = operations.push({ name, durationMs: 0 }) - 1;
      const collect = (event: EngineEvent) => {
        sink.push(event);
        ctx.onProgress?.(name, event);
      };
      const record = (timing: OperationTiming) => (operations[slot] = timing);
      return timedOperation(name, ctx.log, () => runAbortable(ctx.signal, collect, op), record, started);
    },
    report(status, rest) {
      const id = { stack: stackName, project: ctx.project, backend: ctx.backend, status };
      const took = { durationMs: Math.round(performance.now() - started), engineOperations: operations };
      return blankReport({ ...id, startedAt: startedAt.toISOString() }, { ...took, ...rest });
    },
  };
}

/** Waits for both operations, then fails with the first one's error if either failed: none is left running. */
async function settleBoth(first: Promise<unknown>, second: Promise<unknown>): Promise<void> {
  const results = await Promise.allSettled([first, second]);
  for (const result of results) if (result.status === "rejected") throw result.reason;
}

/** Why the program must run whatever the drift (known before the engine is asked anything); undefined: it need not. */
function programDue(ctx: DetectContext, record: PendingRecord | undefined, now: Date): Checks["why"] {
  const mode = ctx.pendingMode ?? "auto";
  if (mode === "skip") return undefined;
  if (mode === "force") return "forced";
  if (!ctx.pendingCheck) return "no-record";
  return pendingCheckReason(record, ctx.pendingCheck.fingerprint, ctx.pendingCheck.every, now);
}

const plainPreview = (stack: Stack, ctx: DetectContext, run: DetectionRun, streams: Streams) =>
  run.call("preview", streams.preview, (onEvent, signal) => stack.preview({ ...engineOptions(ctx), onEvent, signal }));

/** The refresh preview; when the program runs anyway, its plain preview beside it (previews take no lock). */
async function firstLook(
  stack: Stack,
  ctx: DetectContext,
  run: DetectionRun,
  streams: Streams,
  programRuns: boolean,
): Promise<void> {
  const refresh = run.call("preview-refresh", streams.refresh, (onEvent, signal) =>
    stack.previewRefresh({ ...engineOptions(ctx), onEvent, signal }),
  );
  if (programRuns) await settleBoth(refresh, plainPreview(stack, ctx, run, streams));
  else await refresh;
}

/** In sync and the program did not run: the last check's answer still holds (counted in its record), or none was wanted. */
function unchangedCheck(ctx: DetectContext, record: PendingRecord | undefined): Checks {
  if (ctx.pendingMode === "skip" || !record || !ctx.pendingCheck) return { pending: "skipped" };
  ctx.pendingCheck.store.write(ctx.pendingCheck.key, { ...record, skipped: record.skipped + 1 });
  return { pending: "cached", pendingCheckedAt: record.checkedAt };
}

/**
 * The pending code changes, and the preview with refresh (what `up` would do) when there is drift.
 * Read off that preview's stream where it can tell pending changes from drift, else a plain preview's.
 */
async function pendingChanges(
  stack: Stack,
  ctx: DetectContext,
  run: DetectionRun,
  streams: Streams,
  found: { all: readonly DriftItem[]; kept: number; due: boolean },
): Promise<{ pending: PendingItem[]; pendingFrom: Checks["pendingFrom"] }> {
  const fromPreview = () => ({ pending: pendingItems(streams.preview), pendingFrom: "preview" as const });
  // No drift: the plain preview (already run) is what `up --refresh` would do.
  if (found.kept === 0) return fromPreview();
  await run.call("preview --refresh", streams.plan, (onEvent, signal) =>
    stack.preview({ ...engineOptions(ctx), refresh: true, onEvent, signal }),
  );
  if (found.due) return fromPreview();
  // Ignored drift is still drift to the engine: every drifted resource counts here.
  const attributed = pendingFromRefreshedPlan(streams.plan, new Set(found.all.map((item) => item.urn)));
  if (attributed.kind === "attributed") return { pending: attributed.pending, pendingFrom: "plan" };
  ctx.log?.debug({ reasons: attributed.reasons }, "the plan cannot tell pending changes from drift: previewing");
  await plainPreview(stack, ctx, run, streams);
  return fromPreview();
}

async function detectWith(stack: Stack, ctx: DetectContext, run: DetectionRun): Promise<DriftReport> {
  const record = ctx.pendingCheck?.store.read(ctx.pendingCheck.key);
  const due = programDue(ctx, record, run.startedAt);
  const streams: Streams = { refresh: [], preview: [], plan: [] };
  await firstLook(stack, ctx, run, streams, due !== undefined);
  const found = driftItems(streams.refresh);
  const { items: drift, ignored } = applyIgnoreRules(found, ctx.ignore);
  const quiet = { drift, resourceCount: managedResourceCount(streams.refresh), ignoredDifferences: ignored };
  if (drift.length === 0 && !due) return run.report("in-sync", { ...quiet, checks: unchangedCheck(ctx, record) });

  const seen = { all: found, kept: drift.length, due: due !== undefined };
  const { pending, pendingFrom } = await pendingChanges(stack, ctx, run, streams, seen);
  const plan = planSteps(drift.length === 0 ? streams.preview : streams.plan);
  if (ctx.pendingCheck) {
    const { store, key, fingerprint } = ctx.pendingCheck;
    store.write(key, { fingerprint, checkedAt: run.startedAt.toISOString(), skipped: 0, pending: pending.length });
  }
  const why: Checks["why"] = due === "forced" || drift.length === 0 ? due : "drift-found";
  const checks: Checks = { pending: "checked", ...(why ? { why } : {}), pendingFrom };
  return run.report(stackStatusOf(drift, pending), { ...quiet, pending, plan, checks });
}

export async function detectStack(stack: Stack, ctx: DetectContext): Promise<Detection> {
  const run = detectionRun(stack.name, ctx);
  try {
    return { report: await detectWith(stack, ctx, run), locks: [] };
  } catch (err) {
    const failure = classifyEngineError(err, ctx.redact);
    return { report: run.report(failure.status, { error: failure.message }), locks: failure.locks ?? [] };
  }
}
