// Shared test factories for DriftReport and StackOutcome, so each test shows only the fields
// that matter to it. Built on blankReport: what is not given found nothing and took no time.
import { blankReport, stackStatusOf, type DriftReport } from "../../reconciler/core/drift-report.js";
import type { StackOutcome } from "../../reconciler/core/stack-outcome.js";

/** A report for shop/prod; its status follows from drift and pending unless given. */
export function testReport(parts: Partial<DriftReport> = {}): DriftReport {
  const {
    stack = "prod",
    project = "shop",
    backend = "s3://state",
    startedAt = "2024-06-12T12:00:00.000Z",
    drift = [],
    pending = [],
    status = stackStatusOf(drift, pending),
    ...rest
  } = parts;
  return blankReport({ stack, project, backend, status, startedAt }, { ...rest, drift, pending });
}

/** An outcome for `report` (default: an in-sync testReport()), in sync with nothing to do unless given. */
export function testOutcome(parts: Partial<StackOutcome> = {}): StackOutcome {
  const report = parts.report ?? testReport();
  return {
    stack: report.stack,
    project: report.project,
    outcome: "in-sync",
    decision: { action: "none", reason: "in sync" },
    ...parts,
    report,
  };
}
