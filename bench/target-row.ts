// One row of the bench's target table: what was measured against the target, and its status.

export type TargetStatus = "met" | "missed" | "not measured";

export interface TargetRow {
  target: string;
  measured: string;
  status: TargetStatus;
  /** For a missed target: where the time (or memory) goes. */
  why?: string;
}

/** A target this run could not check, the reason in place of a measurement. */
export const notMeasured = (target: string, reason: string): TargetRow => ({
  target,
  measured: reason,
  status: "not measured",
});
