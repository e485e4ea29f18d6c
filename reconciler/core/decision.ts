// What the heal policy decided for one stack (core/policy.ts): nothing to do, report and the
// guard that held the heal back, or heal. Plain data, shared by the engine, the audit trail and
// the reports.
import type { OverlapItem } from "./pending-overlap.js";

export type GuardName =
  | "detect-mode"
  | "freeze-window"
  | "pending-blocked"
  | "nothing-to-heal"
  | "pending-overlap"
  | "max-deletes"
  | "max-replaces"
  | "protected-type"
  | "mass-deletion"
  | "flapping"
  | "grace-period"
  | "on-hold"
  | "break-glass";

export type Decision =
  /** in-sync, busy or error: nothing to do. */
  | { action: "none"; reason: string }
  /** Drift or pending changes found but not healed, and why. */
  | {
      action: "report";
      reason: string;
      guard: GuardName;
      overlap?: OverlapItem[];
      /** on-hold: who put the hold (`/drift hold`), and until when; break-glass: whose change holds it. */
      heldBy?: string;
      heldUntil?: string;
    }
  /**
   * `targets`: the URNs to update when pending changes are excluded; absent for a full `up`.
   * `overlap`: drifted resources left alone because their code changed too (exclude only).
   * `approvedBy`: who approved this heal (`/drift heal`) over the guards that would have blocked it.
   * `resumedBy`: who resumed healing (`/drift resume`) after the flapping stop.
   */
  | {
      action: "heal";
      reason: string;
      targets?: string[];
      overlap?: OverlapItem[];
      approvedBy?: string;
      resumedBy?: string;
    };

/** A decision not to heal, with the guard that stopped it. */
export type Blocked = Extract<Decision, { action: "report" }>;
