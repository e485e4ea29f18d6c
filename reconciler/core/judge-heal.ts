// Whether a heal kept its promise, from the detection before it and the one after it. Pure.
// - Drift is gone from every resource the heal was meant to heal.
// - With pending changes excluded, every pending code change is still pending: none of the
//   new code reached the cloud.
// - Resources left alone (drift and a pending code change at once) keep their drift: the
//   stack is then reported, not healed.
import { isDeepStrictEqual } from "node:util";
import type { DriftReport, PendingItem } from "./drift-report.js";
import { describeOverlap } from "./pending-overlap.js";
import type { Decision } from "./decision.js";
import type { OutcomeKind } from "./stack-outcome.js";

interface HealVerdict {
  outcome: Extract<OutcomeKind, "healed" | "heal-unverified" | "reported">;
  /** Why the outcome is not `healed`. */
  note?: string;
}

/** Pending changes that are no longer pending after the heal: the heal deployed them. */
export function deployedPending(before: readonly PendingItem[], after: readonly PendingItem[]): PendingItem[] {
  return before.filter((item) => {
    const still = after.find((other) => other.urn === item.urn && other.op === item.op);
    if (!still) return true;
    // A property whose deployed value moved was deployed; the code's side may move for other reasons.
    return item.properties.some(
      (p) => !still.properties.some((q) => q.path === p.path && isDeepStrictEqual(q.deployed, p.deployed)),
    );
  });
}

export function judgeHeal(
  before: DriftReport,
  decision: Extract<Decision, { action: "heal" }>,
  after: DriftReport,
): HealVerdict {
  if (after.status === "busy" || after.status === "stuck" || after.status === "error") {
    return { outcome: "heal-unverified", note: `the verification could not run: ${after.error ?? after.status}` };
  }
  const leftAlone = new Set((decision.overlap ?? []).map((item) => item.urn));
  const remaining = after.drift.filter((item) => !leftAlone.has(item.urn));
  if (remaining.length > 0) {
    return { outcome: "heal-unverified", note: `drift remains on ${remaining.map((item) => item.name).join(", ")}` };
  }
  if (decision.targets) {
    const deployed = deployedPending(before.pending, after.pending);
    if (deployed.length > 0) {
      const names = deployed.map((item) => item.name).join(", ");
      return {
        outcome: "heal-unverified",
        note:
          `the heal deployed pending code changes to ${names}, which policy.pendingChanges exclude leaves alone: ` +
          `review what reached the cloud`,
      };
    }
  }
  if (decision.overlap && decision.overlap.length > 0) {
    return {
      outcome: "reported",
      note: `healed the rest; left ${describeOverlap(decision.overlap)} alone: drift and a pending code change on the same resource (deploy the code, or revert the drift by hand)`,
    };
  }
  return { outcome: "healed" };
}
