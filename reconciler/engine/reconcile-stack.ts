// One stack, end to end: detect → decide → heal (when allowed) → verify. Every failure
// becomes an outcome; nothing here throws for a stack-level problem.
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import type { DriftReport } from "../core/drift-report.js";
import type { EffectivePolicy } from "../core/loaded-config.js";
import { judgeHeal } from "../core/judge-heal.js";
import type { StackLock } from "../core/stack-lock.js";
import { settleStackLock, type LockSettlement } from "./settle-stack-lock.js";
import type { Decision } from "../core/decision.js";
import { decide as decideByPolicy } from "../core/policy.js";
import type { HealResult, StackOutcome } from "../core/stack-outcome.js";
import { silentTrail, type StackTrail } from "../core/stack-trail.js";
import { detectStack, engineOptions, type DetectContext } from "./detect-stack.js";
import { runAbortable } from "./engine-abort.js";
import { timedOperation } from "./timed-operation.js";
import { upWithoutReadback } from "./up-without-readback.js";
import { classifyEngineError } from "./engine-errors.js";
import type { AttributionResult } from "./attribute-drift.js";

/** The attribution step of one stack run (engine/attribute-drift.ts). */
export interface StackAttribution {
  /** Who changed each drifted resource, within the cycle's budget; never throws. */
  attribute(report: DriftReport): Promise<AttributionResult>;
  /** A verified heal left the stack in sync at this time: the next drift is searched from here. */
  inSync(at: string): void;
}

export interface ReconcileContext extends DetectContext {
  policy: EffectivePolicy;
  /** The stack's project directory: where the command that clears a stuck lock runs. */
  workDir: string;
  /** false: detect and decide only (the `detect` command). */
  heal: boolean;
  /** The policy (default: core/policy.ts); a parameter so tests can force a decision. */
  decide?: typeof decideByPolicy;
  /** The stack's audit trail, told each stage as it happens (default: none). */
  trail?: StackTrail;
  /**
   * The stack as the heal's `up` opens it, its environment with healEnv and healPassEnv added
   * (default: the stack detection used). Opened only when a heal runs; memoized by the caller.
   */
  healStack?: () => Promise<Stack>;
  /** Who changed the drift; without it the reports carry no attribution. */
  attribution?: StackAttribution;
}

const unchangedOps = new Set(["same", "read", "refresh", "discard"]);

function outcomeWithoutHeal(report: DriftReport, decision: Decision): StackOutcome["outcome"] {
  if (report.status === "busy" || report.status === "stuck" || report.status === "error") return report.status;
  return decision.action === "none" ? "in-sync" : "reported";
}

/**
 * `up` with refresh; `onRunning` is called once, on its first step that changes a resource: the
 * update then holds the stack's lock and is about to write to the cloud. An `up` that finds
 * nothing left to change (another run healed first) never calls it.
 */
async function runHeal(
  stack: Stack,
  decision: Extract<Decision, { action: "heal" }>,
  ctx: ReconcileContext,
  onRunning: () => void,
): Promise<HealResult> {
  let running = false;
  const started = performance.now();
  const targets = decision.targets;
  try {
    const upStack = ctx.healStack ? await ctx.healStack() : stack;
    const result = await timedOperation("up --refresh", ctx.log?.child({ targets }), () =>
      runAbortable(
        ctx.signal,
        (event) => {
          const op = event.resourcePreEvent?.metadata.op;
          if (!running && op !== undefined && !unchangedOps.has(op)) {
            running = true;
            onRunning();
          }
          ctx.onProgress?.("up --refresh", event);
        },
        (onEvent, signal) =>
          upWithoutReadback(upStack, {
            ...engineOptions(ctx),
            refresh: true,
            ...(targets ? { target: targets } : {}),
            onEvent,
            signal,
          }),
      ),
    );
    return { durationMs: Math.round(performance.now() - started), ...(targets ? { targets } : {}), ...result };
  } catch (err) {
    const failure = classifyEngineError(err, ctx.redact);
    return {
      durationMs: Math.round(performance.now() - started),
      ...(targets ? { targets } : {}),
      changes: {},
      failure: failure.status,
      error: failure.message,
      ...(failure.locks ? { locks: failure.locks } : {}),
    };
  }
}

/** A busy report with the lock verdict applied: busy with who holds it, or stuck with the command that clears it. */
function judgedReport(report: DriftReport, settled: Exclude<LockSettlement, { kind: "cleared" }>): DriftReport {
  if (settled.kind === "busy") return { ...report, error: settled.message };
  return { ...report, status: "stuck", error: settled.message, lock: settled.lock };
}

/** Detection, with the one verdict on any lock it met; a lock the verdict clears is followed by a second detection. */
async function detectSettlingLock(
  stack: Stack,
  ctx: ReconcileContext,
): Promise<{ report: DriftReport; cleared?: StackLock }> {
  const { report, locks } = await detectStack(stack, ctx);
  if (report.status !== "busy") return { report };
  const settled = await settleStackLock(stack, locks, ctx);
  if (settled.kind !== "cleared") return { report: judgedReport(report, settled) };
  return { report: (await detectStack(stack, ctx)).report, cleared: settled.lock };
}

export async function reconcileStack(stack: Stack, ctx: ReconcileContext): Promise<StackOutcome> {
  const trail = ctx.trail ?? silentTrail;
  const outcome = await reconcileOnTrail(stack, ctx, trail);
  await trail.finished(outcome);
  return outcome;
}

async function reconcileOnTrail(stack: Stack, ctx: ReconcileContext, trail: StackTrail): Promise<StackOutcome> {
  const detected = await detectSettlingLock(stack, ctx);
  const cleared = detected.cleared;
  // Attribution reads the cloud's audit log while the trail reads the tracker; it has its own budget.
  const [history, attributed] = await Promise.all([
    trail.recall(),
    ctx.attribution?.attribute(detected.report) ?? { report: detected.report, late: [] },
  ]);
  const report = attributed.report;
  const decision = (ctx.decide ?? decideByPolicy)(report, ctx.policy, ctx.now(), history);
  ctx.log?.info({ status: report.status, ...decision }, "decision");
  await trail.detected(report, decision);
  if (attributed.late.length > 0) await trail.attributed?.(attributed.late, report.startedAt);
  const base: Omit<StackOutcome, "outcome"> = {
    stack: report.stack,
    project: report.project,
    decision,
    report,
    ...(cleared ? { clearedLock: cleared } : {}),
  };
  if (!ctx.heal || decision.action !== "heal") return { ...base, outcome: outcomeWithoutHeal(report, decision) };

  await trail.healStarting(report, decision);
  const healed = await healSettlingLock(stack, decision, ctx, () => trail.healRunning());
  if (healed.cleared) base.clearedLock = healed.cleared;
  const { heal } = healed;
  if (healed.stuck) return { ...base, heal, outcome: "stuck" };
  if (heal.failure) return { ...base, heal, outcome: heal.failure === "busy" ? "busy" : "heal-failed" };
  // Drift is gone when the refresh preview shows none; the program runs again only where the
  // decision involved pending changes (exclude: still pending; include: deployed).
  const involvedPending = decision.targets !== undefined || report.pending.length > 0;
  const verified = await detectSettlingLock(stack, { ...ctx, pendingMode: involvedPending ? "force" : "skip" });
  if (verified.cleared) base.clearedLock = verified.cleared;
  const verification = verified.report;
  const verdict = judgeHeal(report, decision, verification);
  if (verdict.outcome === "healed") ctx.attribution?.inSync(verification.startedAt);
  const note = verdict.note ? { verificationNote: verdict.note } : {};
  return { ...base, heal, verification, outcome: verdict.outcome, ...note };
}

/**
 * The heal, with the one verdict on a lock it met: previews take no lock, so a lock may show only
 * now, when `up` wants it. The heal's identity clears it: detection's may be read-only.
 */
async function healSettlingLock(
  stack: Stack,
  decision: Extract<Decision, { action: "heal" }>,
  ctx: ReconcileContext,
  onRunning: () => void,
): Promise<{ heal: HealResult; stuck?: true; cleared?: StackLock }> {
  const heal = await runHeal(stack, decision, ctx, onRunning);
  if (heal.failure !== "busy") return { heal };
  const settled = await settleStackLock(ctx.healStack ? await ctx.healStack() : stack, heal.locks ?? [], ctx);
  if (settled.kind === "busy") return { heal: { ...heal, error: settled.message } };
  if (settled.kind === "stuck")
    return { heal: { ...heal, error: settled.message, staleLock: settled.lock }, stuck: true };
  return { heal: await runHeal(stack, decision, ctx, onRunning), cleared: settled.lock };
}
