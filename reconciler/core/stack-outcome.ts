// What reconciling one stack came to: the detection, the policy's decision, the heal and
// its verification. The shared result type of the engine, the audit trail, the service and
// the CLI; plain data.
import type { DriftReport } from "./drift-report.js";
import type { Decision } from "./decision.js";
import type { StackLock } from "./stack-lock.js";

export const outcomeKinds = [
  "in-sync",
  "reported",
  "healed",
  "heal-unverified",
  "heal-failed",
  "busy",
  "stuck",
  "error",
] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

export interface HealResult {
  durationMs: number;
  targets?: string[];
  changes: Record<string, number>;
  /** Set when `up` failed: busy (locked by another update) or error. */
  failure?: "busy" | "error";
  error?: string;
  /** The locks that held the stack when `up` found it busy (self-managed backends say). */
  locks?: StackLock[];
  /** The lock that made the heal stuck: its holder gone, or held longer than policy.staleLockAfter. */
  staleLock?: StackLock;
}

export interface StackOutcome {
  stack: string;
  project: string;
  outcome: OutcomeKind;
  decision: Decision;
  report: DriftReport;
  heal?: HealResult;
  /** The detection after the heal; `healed` only when it shows no drift. */
  verification?: DriftReport;
  /** After a heal that is not `healed`: why (drift left, a pending change deployed, resources left alone). */
  verificationNote?: string;
  /** A stale lock whose holder was gone, cleared by the reconciler (policy.cancelStaleLocks) in this run. */
  clearedLock?: StackLock;
}

/** "2 update, 1 create", or "no changes": how a heal's resource changes read in text. */
export function changesText(changes: Record<string, number>): string {
  return (
    Object.entries(changes)
      .map(([op, n]) => `${n} ${op}`)
      .join(", ") || "no changes"
  );
}
