// The events of each stage of one stack's reconcile, built as the stage happens: detection and
// decision, heal started, heal result; plus what the next run finds (an interrupted heal).
// Pure: reports, decisions, outcomes and the stack's history in, events out. What an event shows
// is redacted before it is shortened (core/redact.ts): fingerprints and ids come from the
// engine's own values, the text from their redacted copy.
import type { DriftReport } from "../core/drift-report.js";
import { parseDuration } from "../core/duration.js";
import { driftFingerprint } from "../core/fingerprint.js";
import { inlineValue, visibleText } from "../core/inert-markdown.js";
import type { Decision } from "../core/decision.js";
import { renderReportMarkdown } from "../core/render-markdown.js";
import { redactDeep, type Redact } from "../core/redact.js";
import { renderValue } from "../core/render-value.js";
import { driftSeverity } from "../core/severity.js";
import type { StackHistory } from "../core/stack-history.js";
import { changesText, type StackOutcome } from "../core/stack-outcome.js";
import { resourceNameOf } from "../core/urn.js";
import { approvalState, holdState, steeringOf } from "../core/steering.js";
import { contentId, type AuditEvent, type DriftedProperty, type EventBase } from "./audit-events.js";
import type { StageContext } from "./stage-context.js";
import { approvalLapsedAnswer, holdEndedAnswer } from "./command-answers.js";
import { attributionPlainText, attributionText } from "../core/attribution.js";
import type { LateAttribution } from "../core/attribution-source.js";

const unredacted: Redact = (text) => text;

type HealStarted = Extract<AuditEvent, { kind: "heal-started" }>;

function base(ctx: StageContext, id: string, at: string): EventBase {
  return { id, at, project: ctx.project, stack: ctx.stack, ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) };
}

/** What detection and the decision mean for the episode: opened, changed, resolved, stuck, flapping. */
export function detectionEvents(
  report: DriftReport,
  raw: Decision,
  history: StackHistory,
  ctx: StageContext,
): AuditEvent[] {
  const at = report.startedAt;
  const shown = redactDeep(report, ctx.redact ?? unredacted);
  const decision = redactDeep(raw, ctx.redact ?? unredacted);
  if (report.status === "stuck") {
    return [
      stuckEvent(
        `The stack could not be checked: ${inlineValue(shown.error ?? "a stale lock holds it")}`,
        report.lock?.since ?? at,
        at,
        ctx,
      ),
    ];
  }
  // Not checked, or another update holds the stack: nothing to say about its drift.
  if (report.status === "busy" || report.status === "error") return [];
  if (report.drift.length === 0) {
    // Only an open episode can be resolved; with none there is nothing to say.
    if (!history.episodeSince) return [];
    const summary = `No drift on ${at}: the cloud matches the last deployment again.`;
    const id = contentId(ctx.project, ctx.stack, "resolved", history.episodeSince);
    return [{ ...base(ctx, id, at), kind: "drift-resolved", summary }];
  }
  const fingerprint = driftFingerprint(report.drift);
  const severity = driftSeverity(report.drift, ctx.severityRules);
  // A heal the policy blocked is part of what was found: one issue or one comment says both. A hold
  // is a person's decision, answered where it was given: it needs no one's attention.
  const blocked =
    decision.action === "report" && decision.guard !== "on-hold"
      ? { why: decision.guard, reason: `Not healed: ${inlineValue(decision.reason)}` }
      : undefined;
  const episode = history.episodeSince ?? at;
  const id = contentId(ctx.project, ctx.stack, "detected", episode, fingerprint, severity, blocked?.why ?? "");
  const events: AuditEvent[] = [
    {
      ...base(ctx, id, at),
      kind: "drift-detected",
      fingerprint,
      severity,
      report: renderReportMarkdown(shown).join("\n"),
      ...(blocked ? { attention: blocked } : {}),
      episode: history.episodeSince ? "changed" : "opened",
      ...backAgain(history, at, ctx),
      decision: {
        action: decision.action === "heal" ? "heal" : "report",
        ...(decision.action === "report" ? { guard: decision.guard } : {}),
        reason: visibleText(decision.reason),
      },
      ...driftedBrief(shown),
    },
  ];
  events.push(...steeringEvents(report, history, fingerprint, ctx));
  if (decision.action === "report" && decision.guard === "flapping") {
    const flapId = contentId(ctx.project, ctx.stack, "flapping", episode, fingerprint);
    events.push({
      ...base(ctx, flapId, at),
      kind: "drift-flapping",
      fingerprint,
      severity,
      reason: inlineValue(decision.reason),
    });
  }
  return events;
}

/**
 * A drift that appears with no episode open, after heals verified within the flapping window:
 * it came back, and how many times it was seen in that window (the pattern the breaker acts on).
 */
function backAgain(history: StackHistory, at: string, ctx: StageContext): { back?: { times: number; window: string } } {
  if (history.episodeSince || !ctx.window) return {};
  const since = new Date(at).getTime() - parseDuration(ctx.window);
  const heals = history.heals.filter((h) => new Date(h.at).getTime() >= since);
  return heals.length > 0 ? { back: { times: heals.length + 1, window: ctx.window } } : {};
}

/** A hold that ended by itself, an approval whose drift changed: said once each. */
function steeringEvents(
  report: DriftReport,
  history: StackHistory,
  fingerprint: string,
  ctx: StageContext,
): AuditEvent[] {
  const steering = steeringOf(history.commands ?? []);
  const now = new Date(report.startedAt);
  const events: AuditEvent[] = [];
  const hold = holdState(steering, fingerprint, now);
  if (hold?.state === "ended") events.push(holdEndedAnswer(ctx, hold, report.startedAt));
  const approval = approvalState(steering, fingerprint, history.heals);
  if (approval?.state === "lapsed") events.push(approvalLapsedAnswer(ctx, approval.approval, report.startedAt));
  return events;
}

/** Who allowed a heal the policy alone would not have run. */
function allowedBy(decision: Extract<Decision, { action: "heal" }>): string[] {
  const lines: string[] = [];
  if (decision.approvedBy) {
    lines.push(`Approved by ${inlineValue(decision.approvedBy)}: ${inlineValue(decision.reason)}.`);
  }
  if (decision.resumedBy) lines.push(`Healing resumed by ${inlineValue(decision.resumedBy)}.`);
  return lines.length > 0 ? [...lines, ""] : [];
}

function planSummary(report: DriftReport, decision: Extract<Decision, { action: "heal" }>): string {
  const targets = decision.targets;
  const steps = report.plan.filter((s) => !targets || targets.includes(s.urn));
  const lines = steps.map(
    (s) => `- ${inlineValue(s.op)} ${inlineValue(resourceNameOf(s.urn))} (${inlineValue(s.type)})`,
  );
  const scope = targets ? "only the drifted resources (pending code changes are left alone)" : "the whole stack";
  return [...allowedBy(decision), `Running \`up --refresh\` on ${scope}:`, "", ...lines].join("\n");
}

/** Journaled before `up` starts; told once `up` holds the stack. */
export function healStartedEvent(
  report: DriftReport,
  decision: Extract<Decision, { action: "heal" }>,
  ctx: StageContext,
): HealStarted {
  const fingerprint = driftFingerprint(report.drift);
  const attempt = contentId(ctx.project, ctx.stack, "heal", fingerprint, report.startedAt);
  const plan = planSummary(
    redactDeep(report, ctx.redact ?? unredacted),
    redactDeep(decision, ctx.redact ?? unredacted),
  );
  const severity = driftSeverity(report.drift, ctx.severityRules);
  return {
    ...base(ctx, `${attempt}-started`, report.startedAt),
    kind: "heal-started",
    fingerprint,
    attempt,
    severity,
    plan,
  };
}

/** The heal's result, after the verification; `outcome` redacted by the caller. */
export function healResultEvent(outcome: StackOutcome, started: HealStarted, at: string): AuditEvent {
  const { fingerprint, attempt } = started;
  const severity = started.severity ? { severity: started.severity } : {};
  if (outcome.outcome === "healed") {
    const summary = `Healed and verified: ${changesText(outcome.heal?.changes ?? {})}; a fresh detection shows no drift.`;
    return { ...heir(started, `${attempt}-healed`, at), kind: "healed", fingerprint, attempt, ...severity, summary };
  }
  const why = outcome.outcome === "reported" ? "pending-overlap" : outcome.outcome;
  const reason = notDoneReason(outcome);
  return {
    ...heir(started, `${attempt}-not-done`, at),
    kind: "heal-not-done",
    fingerprint,
    attempt,
    ...severity,
    reason,
    why,
  };
}

/** A heal journaled as started that never got a result: the process stopped during it. */
export function healInterruptedEvent(started: HealStarted, at: string): AuditEvent {
  const { fingerprint, attempt, plan } = started;
  return {
    ...heir(started, `${attempt}-interrupted`, at),
    kind: "heal-interrupted",
    fingerprint,
    attempt,
    ...(started.severity ? { severity: started.severity } : {}),
    startedAt: started.at,
    plan,
  };
}

/** One per stale lock (keyed on when it was taken), however many runs find it. */
function stuckEvent(reason: string, lockSince: string, at: string, ctx: StageContext): AuditEvent {
  return { ...base(ctx, contentId(ctx.project, ctx.stack, "stuck", lockSince), at), kind: "stack-stuck", reason };
}

/** A heal that found the stack held by a stale lock (previews take no lock, so detection saw none). */
export function healStuckEvent(outcome: StackOutcome, ctx: StageContext): AuditEvent | undefined {
  const lock = outcome.heal?.staleLock;
  if (outcome.outcome !== "stuck" || !lock) return undefined;
  const reason = `The heal could not start: ${inlineValue(outcome.heal?.error ?? "a stale lock holds the stack")}`;
  return stuckEvent(reason, lock.since, outcome.report.startedAt, ctx);
}

export function lockClearedEvent(outcome: StackOutcome, ctx: StageContext): AuditEvent | undefined {
  const lock = outcome.clearedLock;
  if (!lock) return undefined;
  const summary =
    `Cleared a stale lock held by ${inlineValue(`${lock.user}@${lock.host}`)} (pid ${lock.pid}) since ${lock.since}: ` +
    "its holder was gone (policy.cancelStaleLocks).";
  const id = contentId(ctx.project, ctx.stack, "cleared", lock.since);
  return { ...base(ctx, id, outcome.report.startedAt), kind: "lock-cleared", summary };
}

function heir(started: HealStarted, id: string, at: string): EventBase {
  const { project, stack, runUrl } = started;
  return { id, at, project, stack, ...(runUrl ? { runUrl } : {}) };
}

/** Why a heal that ran did not end in `healed`, with what still differs when drift remains. */
function notDoneReason(outcome: StackOutcome): string {
  const heal = outcome.heal;
  if (heal?.error) return `Heal failed: ${inlineValue(heal.error)}`;
  const ran = `Heal ran (${changesText(heal?.changes ?? {})})`;
  // The note can quote what the verification's engine said: shown as a value.
  const note = outcome.verificationNote ? inlineValue(outcome.verificationNote) : "drift remains";
  const left = outcome.verification?.drift.length ? outcome.verification : undefined;
  const table = left ? `\n\n${renderReportMarkdown(left, { header: false }).join("\n")}` : "";
  return `${ran}, but ${note}.${table}`;
}

/** How many drifted properties an event names; the report (and the issue) has them all. */
const briefLimit = 10;

/** The first drifted properties, as bounded plain text, and how many there are in all. */
function driftedBrief(report: DriftReport): { drifted: DriftedProperty[]; driftedCount: number } {
  const all: DriftedProperty[] = report.drift.flatMap((item) => {
    const who = item.attribution ? { changedBy: visibleText(attributionPlainText(item.attribution), 500) } : {};
    const resource = {
      resource: visibleText(item.name, 200),
      type: visibleText(item.type, 200),
      change: item.kind,
      ...who,
    };
    if (item.properties.length === 0) return [resource];
    return item.properties.map((p) => ({
      ...resource,
      path: visibleText(p.path, 200),
      cloud: visibleText(renderValue(p.cloud, 200)),
      deployed: visibleText(renderValue(p.deployed, 200)),
    }));
  });
  return { drifted: all.slice(0, briefLimit), driftedCount: all.length };
}

/** Who changed drift seen on an earlier cycle: one event per resource and episode, so it is said once. */
export function lateAttributionEvents(late: readonly LateAttribution[], at: string, ctx: StageContext): AuditEvent[] {
  return late.map((found) => {
    const id = contentId(ctx.project, ctx.stack, "attributed", found.urn, found.firstTriedAt);
    const text = `- ${inlineValue(found.name, 200)}: ${attributionText(found.attribution)}`;
    const changedBy = [visibleText(`${found.name}: ${attributionPlainText(found.attribution)}`, 600)];
    return { ...base(ctx, id, at), kind: "drift-attributed", text, changedBy };
  });
}
