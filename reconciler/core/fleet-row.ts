// One stack of the fleet at a glance: what the dashboard issue and the status page list per
// stack, and the group that says what needs a person first. Pure: the stack's last outcome,
// its tracking issue and the severity rules in, plain data out.
import type { Severity, SeverityRule } from "./config-schema.js";
import type { StackStatus } from "./drift-report.js";
import { driftSeverity } from "./severity.js";
import type { OutcomeKind, StackOutcome } from "./stack-outcome.js";
import type { TrackedIssue } from "./tracked-issue.js";

/** In the order a person should look at them: what needs someone first, in sync last. */
export const fleetGroups = ["stuck", "failed", "held", "drifted", "unchecked", "in-sync"] as const;
export type FleetGroup = (typeof fleetGroups)[number];

export const fleetGroupTitles: Readonly<Record<FleetGroup, string>> = {
  stuck: "Stuck",
  failed: "Failed",
  held: "Held",
  drifted: "Drifted",
  unchecked: "Not checked",
  "in-sync": "In sync",
};

/** The groups that need a person. */
export const attentionGroups: ReadonlySet<FleetGroup> = new Set(["stuck", "failed", "held", "drifted"]);

export interface FleetRow {
  project: string;
  stack: string;
  group: FleetGroup;
  /** What the last detection found; absent before the first check. */
  status?: StackStatus;
  /** How the last cycle ended; absent before the first check. */
  outcome?: OutcomeKind;
  /** When the last check started (ISO 8601). */
  checkedAt?: string;
  drift: number;
  pending: number;
  /** The highest severity of the drift left, when there is drift. */
  severity?: Severity;
  issue?: { number: number; url?: string };
  /** A person's hold on the heal (`/drift hold`). */
  hold?: { by: string; until?: string };
  /** A person's approval of the heal (`/drift heal`). */
  approval?: { by: string };
  flapping: boolean;
  stuck: boolean;
}

const failedOutcomes: ReadonlySet<OutcomeKind> = new Set(["error", "heal-failed", "heal-unverified"]);

/** Which group an outcome puts its stack in; none yet: not checked. */
export function fleetGroupOf(outcome: StackOutcome | undefined): FleetGroup {
  if (!outcome) return "unchecked";
  if (outcome.outcome === "stuck") return "stuck";
  if (failedOutcomes.has(outcome.outcome)) return "failed";
  const d = outcome.decision;
  if (d.action === "report" && (d.guard === "on-hold" || d.guard === "flapping")) return "held";
  if (outcome.outcome === "busy") return "unchecked";
  if (outcome.outcome === "reported") return "drifted";
  return "in-sync";
}

/** The drift the stack is left with: none once a heal is verified. */
function driftLeft(outcome: StackOutcome): StackOutcome["report"]["drift"] {
  if (outcome.outcome === "healed") return [];
  if (outcome.outcome === "heal-unverified" && outcome.verification) return outcome.verification.drift;
  return outcome.report.drift;
}

export function fleetRowOf(
  id: { project: string; stack: string },
  outcome: StackOutcome | undefined,
  issue: TrackedIssue | undefined,
  rules: readonly SeverityRule[],
): FleetRow {
  const row: FleetRow = { ...id, group: fleetGroupOf(outcome), drift: 0, pending: 0, flapping: false, stuck: false };
  if (issue) row.issue = { number: issue.number, ...(issue.url ? { url: issue.url } : {}) };
  if (!outcome) return row;
  const drift = driftLeft(outcome);
  const d = outcome.decision;
  return {
    ...row,
    status: outcome.report.status,
    outcome: outcome.outcome,
    checkedAt: outcome.report.startedAt,
    drift: drift.length,
    pending: outcome.report.pending.length,
    ...(drift.length > 0 ? { severity: driftSeverity(drift, rules) } : {}),
    ...(d.action === "report" && d.heldBy
      ? { hold: { by: d.heldBy, ...(d.heldUntil ? { until: d.heldUntil } : {}) } }
      : {}),
    ...(d.action === "heal" && d.approvedBy ? { approval: { by: d.approvedBy } } : {}),
    flapping: d.action === "report" && d.guard === "flapping",
    stuck: outcome.outcome === "stuck",
  };
}
