// Exit codes, Terraform style: 0 in sync, 2 drift or pending changes remain, 1 something failed.
// A busy stack could not be checked, so it is a failure for the exit code.
import { describe, expect, it } from "vitest";
import type { StackStatus } from "../../../reconciler/core/drift-report.js";
import { detectExitCode, reconcileExitCode } from "../../../reconciler/core/exit-code.js";
import type { OutcomeKind, StackOutcome } from "../../../reconciler/core/stack-outcome.js";
import { testOutcome, testReport } from "../../support/reports.js";

/** Only the field under test varies: the report's status for detect, the outcome for reconcile. */
function outcome(status: StackStatus, kind: OutcomeKind = "in-sync"): StackOutcome {
  return testOutcome({ outcome: kind, report: testReport({ status }) });
}

const detected = (...statuses: StackStatus[]) => statuses.map((s) => outcome(s));
const reconciled = (...kinds: OutcomeKind[]) => kinds.map((k) => outcome("in-sync", k));

describe("detectExitCode", () => {
  it.each([
    [[], 0],
    [["in-sync"], 0],
    [["in-sync", "in-sync"], 0],
    [["drifted"], 2],
    [["pending"], 2],
    [["drifted+pending"], 2],
    [["in-sync", "drifted"], 2],
    [["error"], 1],
    [["busy"], 1],
    [["drifted", "busy"], 1],
    [["in-sync", "error", "drifted"], 1],
  ] as const)("exits %j → %i", (statuses, code) => {
    expect(detectExitCode(detected(...statuses))).toBe(code);
  });
});

describe("reconcileExitCode", () => {
  it.each([
    [[], 0],
    [["in-sync"], 0],
    [["healed"], 0],
    [["in-sync", "healed"], 0],
    [["reported"], 2],
    [["heal-unverified"], 2],
    [["healed", "reported"], 2],
    [["error"], 1],
    [["busy"], 1],
    [["heal-failed"], 1],
    [["reported", "heal-failed"], 1],
    [["healed", "busy", "heal-unverified"], 1],
  ] as const)("exits %j → %i", (kinds, code) => {
    expect(reconcileExitCode(reconciled(...kinds))).toBe(code);
  });

  it("judges by the outcome, not by what detection found before the heal", () => {
    expect(reconcileExitCode([outcome("drifted", "healed")])).toBe(0);
  });
});
