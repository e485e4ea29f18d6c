// One stack's reconcile told to an audit trail stage by stage, as the engine tells it, then settled:
// for tests of what a trail (and the sinks it feeds) makes of an outcome.
import type { StackTrailFactory } from "../../reconciler/core/stack-trail.js";
import type { StackOutcome } from "../../reconciler/core/stack-outcome.js";

export async function tellStages<R>(
  trail: { forStack: StackTrailFactory; settle(): Promise<R> },
  outcome: StackOutcome,
): Promise<R> {
  const stack = trail.forStack({ backend: outcome.report.backend, project: outcome.project, stack: outcome.stack });
  await stack.recall();
  await stack.detected(outcome.report, outcome.decision);
  if (outcome.decision.action === "heal") {
    await stack.healStarting(outcome.report, outcome.decision);
    stack.healRunning();
  }
  await stack.finished(outcome);
  return trail.settle();
}
