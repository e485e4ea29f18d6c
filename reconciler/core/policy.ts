// The heal policy: a pure decision from one DriftReport, the stack's effective policy and the
// time. Every decision carries a reason a person can read in the tracking issue or the log.
import type { DriftReport, PlanStep } from "./drift-report.js";
import { typeMatches } from "./ignore-rules.js";
import { activeFreezeWindow } from "./freeze-window.js";
import type { EffectivePolicy } from "./loaded-config.js";
import { describeOverlap, pendingOverlap, type OverlapItem } from "./pending-overlap.js";
import { flapping, gracePeriod } from "./history-guards.js";
import { noHistory, type StackHistory } from "./stack-history.js";
import { resourceNameOf } from "./urn.js";
import { driftFingerprint } from "./fingerprint.js";
import { approvalState, holdState, steeringOf, type Steering } from "./steering.js";
import { breakGlassHold } from "./break-glass.js";
import type { Blocked, Decision } from "./decision.js";

const replaceOps = new Set(["replace", "create-replacement", "delete-replaced"]);

/**
 * The decision. People steer it from the tracking issue (core/steering.ts): a hold stops any
 * heal of the drift it was put on; an approval allows one heal of the drift it was given for,
 * over every guard but mass deletion (unless approved with --mass-deletion).
 */
export function decide(
  report: DriftReport,
  policy: EffectivePolicy,
  now: Date,
  history: StackHistory = noHistory,
): Decision {
  const idle = idleReason(report);
  if (idle !== undefined) return { action: "none", reason: idle };
  const steering = steeringOf(history.commands ?? []);
  const fingerprint = driftFingerprint(report.drift);
  const held = onHold(steering, fingerprint, now);
  if (held) return held;
  const approval = approvalState(steering, fingerprint, history.heals);
  if (approval?.state === "valid") {
    const approved = approvedHeal(report, policy, approval.approval);
    if (approved) return approved;
  }
  const decision = byPolicy(report, policy, now, history);
  if (decision.action !== "heal" || !steering.resume) return decision;
  const resumedBy = resumedHeal(report, policy, now, history);
  return resumedBy ? { ...decision, resumedBy } : decision;
}

function byPolicy(report: DriftReport, policy: EffectivePolicy, now: Date, history: StackHistory): Decision {
  const blocked =
    massDeletion(report, policy) ??
    breakGlass(report, policy, now) ??
    detectMode(report, policy) ??
    freezeWindow(policy, now) ??
    flapping(report, policy, now, history) ??
    gracePeriod(report, policy, now, history);
  if (blocked) return blocked;
  return healOrGuard(report, policy, policy.pendingChanges, true);
}

/** The heal's scope by policy.pendingChanges, then the plan's guards (when `guarded`). */
function healOrGuard(
  report: DriftReport,
  policy: EffectivePolicy,
  pendingChanges: EffectivePolicy["pendingChanges"],
  guarded: boolean,
): Decision {
  let targets: string[] | undefined;
  let overlap: OverlapItem[] = [];
  if (report.pending.length > 0) {
    if (pendingChanges === "block") return pendingBlocked(report);
    if (pendingChanges === "exclude") {
      overlap = pendingOverlap(report);
      const left = new Set(overlap.map((item) => item.urn));
      targets = report.drift.map((item) => item.urn).filter((urn) => !left.has(urn));
      if (targets.length === 0) return overlap.length > 0 ? overlapOnly(overlap) : nothingToHeal(report);
    }
  }
  const steps = targets ? report.plan.filter((step) => targets.includes(step.urn)) : report.plan;
  const counts = countPlan(steps);
  const blocked = guarded ? planGuards(steps, counts, policy) : undefined;
  if (blocked) return blocked;
  const reason = healReason(report, targets, overlap, counts);
  if (!targets) return { action: "heal", reason };
  return overlap.length > 0 ? { action: "heal", reason, targets, overlap } : { action: "heal", reason, targets };
}

function onHold(steering: Steering, fingerprint: string, now: Date): Blocked | undefined {
  const state = holdState(steering, fingerprint, now);
  if (state?.state !== "active") return undefined;
  const { hold } = state;
  const why = hold.reason ? ` (${hold.reason})` : "";
  return {
    action: "report",
    guard: "on-hold",
    heldBy: hold.by,
    heldUntil: hold.until,
    reason: `on hold by ${hold.by} until ${hold.until}${why}: not healing this drift until then, or until it changes`,
  };
}

/**
 * An approved heal: the guards that blocked it do not apply. Pending changes a `block` policy
 * held back are deployed with it; `exclude` still leaves them alone. Mass deletion still stops
 * it unless the approval names it. Undefined when there is nothing a heal could do.
 */
function approvedHeal(
  report: DriftReport,
  policy: EffectivePolicy,
  approval: Extract<Steering["approval"], object>,
): Decision | undefined {
  if (!approval.massDeletion) {
    const mass = massDeletion(report, policy);
    if (mass)
      return {
        ...mass,
        reason: `${mass.reason}; approved by ${approval.by}, but only /drift heal --mass-deletion overrides this`,
      };
  }
  const pendingChanges = policy.pendingChanges === "block" ? "include" : policy.pendingChanges;
  const decision = healOrGuard(report, policy, pendingChanges, false);
  if (decision.action !== "heal") return undefined;
  const deploys =
    policy.pendingChanges === "block" && report.pending.length > 0
      ? `; this deploys ${plural(report.pending.length, "pending code change")} too`
      : "";
  return { ...decision, approvedBy: approval.by, reason: `approved by ${approval.by}: ${decision.reason}${deploys}` };
}

/** Who resumed, when the flapping stop would have held this heal without their resume. */
function resumedHeal(
  report: DriftReport,
  policy: EffectivePolicy,
  now: Date,
  history: StackHistory,
): string | undefined {
  const withoutResume = { ...history, commands: (history.commands ?? []).filter((c) => c.kind !== "resume") };
  if (!flapping(report, policy, now, withoutResume)) return undefined;
  return steeringOf(history.commands ?? []).resume?.by;
}

function idleReason(report: DriftReport): string | undefined {
  switch (report.status) {
    case "in-sync":
      return "in sync: the cloud matches the last deployment and the code";
    case "busy":
      return `busy: another update holds the stack; checking again next run${report.error ? ` (${report.error})` : ""}`;
    case "stuck":
      return `stuck: ${report.error ?? "a stale lock holds the stack"}`;
    case "error":
      return `error: detection failed${report.error ? `: ${report.error}` : ""}`;
    default:
      return undefined;
  }
}

function massDeletion(report: DriftReport, policy: EffectivePolicy): Blocked | undefined {
  const deleted = report.drift.filter((item) => item.kind === "deleted").length;
  if (report.resourceCount === 0 || deleted / report.resourceCount <= policy.massDeletionThreshold) return undefined;
  const share = percent(deleted / report.resourceCount);
  return {
    action: "report",
    guard: "mass-deletion",
    reason:
      `${deleted} of ${plural(report.resourceCount, "resource")} (${share}) disappeared on refresh, ` +
      `over the ${percent(policy.massDeletionThreshold)} threshold: suspect broken credentials or permissions; not healing`,
  };
}

function breakGlass(report: DriftReport, policy: EffectivePolicy, now: Date): Blocked | undefined {
  const hold = breakGlassHold(report, policy.breakGlass, now);
  return hold ? { action: "report", ...hold } : undefined;
}

function detectMode(report: DriftReport, policy: EffectivePolicy): Blocked | undefined {
  if (policy.mode !== "detect") return undefined;
  return {
    action: "report",
    guard: "detect-mode",
    reason: `detect mode: found ${findings(report)}; not healing (set policy.mode: heal to heal)`,
  };
}

function freezeWindow(policy: EffectivePolicy, now: Date): Blocked | undefined {
  const active = activeFreezeWindow(policy.freezeWindows, now);
  if (!active) return undefined;
  const { window, closesAt } = active;
  const label = window.name
    ? `"${window.name}" (${window.cron} ${window.timezone})`
    : `${window.cron} ${window.timezone}`;
  return {
    action: "report",
    guard: "freeze-window",
    reason: `freeze window ${label} is open until ${closesAt.toISOString()}; not healing`,
  };
}

function pendingBlocked(report: DriftReport): Blocked {
  return {
    action: "report",
    guard: "pending-blocked",
    reason:
      `${plural(report.pending.length, "pending code change")} not yet deployed and policy.pendingChanges is block: ` +
      `deploy the code first, or set pendingChanges to include or exclude; not healing`,
  };
}

function nothingToHeal(report: DriftReport): Blocked {
  return {
    action: "report",
    guard: "nothing-to-heal",
    reason: `only ${plural(report.pending.length, "pending code change")}, which policy.pendingChanges exclude leaves alone; nothing to heal`,
  };
}

function overlapOnly(overlap: OverlapItem[]): Blocked {
  return {
    action: "report",
    guard: "pending-overlap",
    overlap,
    reason:
      `every drifted resource also has a pending code change, which policy.pendingChanges exclude leaves alone: ` +
      `${describeOverlap(overlap)}; not healing (deploy the code, or revert the drift by hand)`,
  };
}

interface PlanCounts {
  deletes: number;
  replaces: number;
}

function countPlan(steps: readonly PlanStep[]): PlanCounts {
  const deletes = steps.filter((step) => step.op === "delete").length;
  const replaces = new Set(steps.filter((step) => replaceOps.has(step.op)).map((step) => step.urn)).size;
  return { deletes, replaces };
}

function planGuards(steps: readonly PlanStep[], counts: PlanCounts, policy: EffectivePolicy): Blocked | undefined {
  if (counts.deletes > policy.maxDeletes) {
    const reason = `heal would delete ${plural(counts.deletes, "resource")}, over the limit of ${policy.maxDeletes} (policy.maxDeletes); not healing`;
    return { action: "report", guard: "max-deletes", reason };
  }
  if (counts.replaces > policy.maxReplaces) {
    const reason = `heal would replace ${plural(counts.replaces, "resource")}, over the limit of ${policy.maxReplaces} (policy.maxReplaces); not healing`;
    return { action: "report", guard: "max-replaces", reason };
  }
  for (const step of steps) {
    if (step.op !== "delete" && !replaceOps.has(step.op)) continue;
    const pattern = policy.protectedTypes.find((entry) => typeMatches(entry, step.type));
    if (pattern === undefined) continue;
    const verb = step.op === "delete" ? "delete" : "replace";
    const reason = `heal would ${verb} ${resourceNameOf(step.urn)} (${step.type}), protected by policy.protectedTypes "${pattern}"; not healing`;
    return { action: "report", guard: "protected-type", reason };
  }
  return undefined;
}

function healReason(
  report: DriftReport,
  targets: string[] | undefined,
  overlap: OverlapItem[],
  counts: PlanCounts,
): string {
  const parts: string[] = [];
  const healed = targets ? targets.length : report.drift.length;
  if (healed > 0) parts.push(`heal ${plural(healed, "drifted resource")}`);
  if (report.pending.length > 0 && !targets) parts.push(`deploy ${plural(report.pending.length, "pending change")}`);
  const what = parts.length > 0 ? parts.join(" and ") : "run up";
  // None of the targets has a pending change (those are the overlap), so every pending change stays.
  const left = targets ? `, leaving ${plural(report.pending.length, "pending change")} alone` : "";
  const notHealed =
    overlap.length > 0
      ? `; not healing ${describeOverlap(overlap)}: drift and a pending code change on the same resource`
      : "";
  return `${what}${left} (${plural(counts.deletes, "delete")}, ${plural(counts.replaces, "replace")})${notHealed}`;
}

function findings(report: DriftReport): string {
  const parts: string[] = [];
  if (report.drift.length > 0) parts.push(plural(report.drift.length, "drifted resource"));
  if (report.pending.length > 0) parts.push(plural(report.pending.length, "pending change"));
  return parts.length > 0 ? parts.join(" and ") : "no differences";
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
