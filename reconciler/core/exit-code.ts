// Terraform-style exit codes: 0 in sync, 2 drift (or pending changes) remains, 1 error.
// A busy (locked) stack could not be checked, so it counts as an error for the exit code.
import type { StackOutcome } from "./stack-outcome.js";

/** Could not be checked: the run failed for this stack. */
const unchecked = new Set<string>(["error", "busy", "stuck"]);

export function detectExitCode(outcomes: readonly StackOutcome[]): 0 | 1 | 2 {
  if (outcomes.some((o) => unchecked.has(o.report.status))) return 1;
  return outcomes.some((o) => o.report.status !== "in-sync") ? 2 : 0;
}

export function reconcileExitCode(outcomes: readonly StackOutcome[]): 0 | 1 | 2 {
  if (outcomes.some((o) => unchecked.has(o.outcome) || o.outcome === "heal-failed")) return 1;
  return outcomes.some((o) => o.outcome === "reported" || o.outcome === "heal-unverified") ? 2 : 0;
}
