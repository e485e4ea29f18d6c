// The audit trail as one stack's reconcile sees it, stage by stage: history read back before
// the decision, and each step written (journal first, then delivered) before the action it
// announces. The engine calls it; the audit layer implements it. Implementations never throw:
// a trail that cannot deliver keeps its events for later, and healing never waits for it.
import type { DriftReport } from "./drift-report.js";
import type { Decision } from "./decision.js";
import type { StackHistory } from "./stack-history.js";
import type { StackOutcome } from "./stack-outcome.js";
import type { LateAttribution } from "./attribution-source.js";
import type { StackId } from "./stack-id.js";

export interface StackTrail {
  /** What the policy needs to remember: heals and when the episode began. */
  recall(): Promise<StackHistory>;
  /** After the decision, before any heal: opens, updates or closes the stack's episode. */
  detected(report: DriftReport, decision: Decision): Promise<void>;
  /** Just before `up`: the heal is journaled as started. */
  healStarting(report: DriftReport, decision: Extract<Decision, { action: "heal" }>): Promise<void>;
  /** `up` is about to change the first resource: "healing started" can be told. Must not block the heal. */
  healRunning(): void;
  /** Who changed drift seen on an earlier cycle, found only now (audit logs arrive late): said once. */
  attributed?(late: readonly LateAttribution[], at: string): Promise<void>;
  /** The end: the outcome, after the verification when a heal ran. */
  finished(outcome: StackOutcome): Promise<void>;
}

/** A trail per stack run. */
export type StackTrailFactory = (identity: StackId) => StackTrail;

export const silentTrail: StackTrail = {
  recall: async () => ({ heals: [] }),
  detected: async () => undefined,
  healStarting: async () => undefined,
  healRunning: () => undefined,
  finished: async () => undefined,
};
