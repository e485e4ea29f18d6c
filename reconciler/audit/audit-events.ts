// What one reconcile cycle means for the audit trail of one stack, as plain events.
// Pure: an outcome in, the events of its drift episode out. Delivery is elsewhere.
import { createHash } from "node:crypto";
import type { Severity, SeverityRule } from "../core/config-schema.js";
import { driftFingerprint } from "../core/fingerprint.js";
import { inlineValue } from "../core/inert-markdown.js";
import { renderReportMarkdown } from "../core/render-markdown.js";
import { driftSeverity } from "../core/severity.js";
import { changesText, type StackOutcome } from "../core/stack-outcome.js";
import { resourceNameOf } from "../core/urn.js";

interface EventBase {
  /** Unique per cycle and kind: delivery is idempotent on it. */
  id: string;
  at: string;
  project: string;
  stack: string;
  runUrl?: string;
}

export type AuditEvent =
  | (EventBase & {
      kind: "drift-detected";
      fingerprint: string;
      severity: Severity;
      report: string;
      attention?: Attention;
    })
  | (EventBase & { kind: "heal-started"; fingerprint: string; plan: string })
  | (EventBase & { kind: "healed"; fingerprint: string; summary: string })
  | (EventBase & { kind: "heal-not-done"; fingerprint: string; reason: string; why: string })
  | (EventBase & { kind: "drift-resolved"; summary: string });

export type AuditEventKind = AuditEvent["kind"];

/** Why a human must look: the policy blocked the heal (guard), or the heal failed. */
export interface Attention {
  why: string;
  reason: string;
}

export interface AuditContext {
  severityRules: readonly SeverityRule[];
  runUrl?: string;
  /** Identifies the cycle, e.g. its start time. */
  cycleId: string;
}

function eventId(cycleId: string, outcome: StackOutcome, kind: string): string {
  return createHash("sha256")
    .update(`${cycleId}\n${outcome.project}\n${outcome.stack}\n${kind}`)
    .digest("hex")
    .slice(0, 20);
}

function planSummary(outcome: StackOutcome): string {
  const targets = outcome.decision.action === "heal" ? outcome.decision.targets : undefined;
  const steps = outcome.report.plan.filter((s) => !targets || targets.includes(s.urn));
  const lines = steps.map(
    (s) => `- ${inlineValue(s.op)} ${inlineValue(resourceNameOf(s.urn))} (${inlineValue(s.type)})`,
  );
  const scope = targets ? "only the drifted resources (pending code changes are left alone)" : "the whole stack";
  return [`Running \`up --refresh\` on ${scope}:`, "", ...lines].join("\n");
}

export function auditEventsFor(outcome: StackOutcome, ctx: AuditContext): AuditEvent[] {
  const { report } = outcome;
  // Not checked, or another update holds the stack: nothing to say about its drift, and no heal ran.
  if (report.status === "busy" || report.status === "stuck" || report.status === "error") return [];
  const base = (kind: string): EventBase => ({
    id: eventId(ctx.cycleId, outcome, kind),
    at: report.startedAt,
    project: outcome.project,
    stack: outcome.stack,
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
  });
  if (report.drift.length === 0) {
    return [
      {
        ...base("drift-resolved"),
        kind: "drift-resolved",
        summary: `No drift on ${report.startedAt}: the cloud matches the last deployment again.`,
      },
    ];
  }
  const fingerprint = driftFingerprint(report.drift);
  // A heal the policy blocked is part of what was found: one issue or one comment says both.
  const blocked =
    outcome.decision.action === "report"
      ? { why: outcome.decision.guard, reason: `Not healed: ${inlineValue(outcome.decision.reason)}` }
      : undefined;
  const severity = driftSeverity(report.drift, ctx.severityRules);
  const events: AuditEvent[] = [
    {
      ...base("drift-detected"),
      kind: "drift-detected",
      fingerprint,
      severity,
      report: renderReportMarkdown(report).join("\n"),
      ...(blocked ? { attention: blocked } : {}),
    },
  ];
  // A heal that found the stack locked did not run: the episode gets no heal event from it.
  if (!outcome.heal || outcome.outcome === "busy") return events;
  events.push({ ...base("heal-started"), kind: "heal-started", fingerprint, plan: planSummary(outcome) });
  if (outcome.outcome === "healed") {
    const summary = `Healed and verified: ${changesText(outcome.heal.changes)}; a fresh detection shows no drift.`;
    events.push({ ...base("healed"), kind: "healed", fingerprint, summary });
  } else {
    const why = outcome.outcome === "reported" ? "pending-overlap" : outcome.outcome;
    events.push({ ...base("heal-not-done"), kind: "heal-not-done", fingerprint, reason: notDoneReason(outcome), why });
  }
  return events;
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
