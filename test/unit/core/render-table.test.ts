// The human summary table: one aligned row per stack with what was found and what happened,
// and the one detail that explains it.
import { describe, expect, it } from "vitest";
import type { DriftItem, PendingItem } from "../../../reconciler/core/drift-report.js";
import { renderTable } from "../../../reconciler/core/render-table.js";
import { testOutcome, testReport } from "../../support/reports.js";

const drifted = (name: string): DriftItem => ({
  urn: `urn:${name}`,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name,
  kind: "modified",
  properties: [],
});
const pendingChange = (name: string): PendingItem => ({
  urn: `urn:${name}`,
  type: "aws:s3/bucket:Bucket",
  name,
  op: "create",
  properties: [],
});

/** Splits an aligned row into its columns (two or more spaces apart). */
const columns = (line: string | undefined) => (line ?? "").split(/ {2,}/);

describe("renderTable", () => {
  const outcomes = [
    testOutcome({ report: testReport({ stack: "dev" }) }),
    testOutcome({
      report: testReport({
        stack: "production-eu",
        drift: [drifted("web-sg"), drifted("alb")],
        pending: [pendingChange("logs")],
      }),
      outcome: "reported",
      decision: { action: "report", guard: "pending-blocked", reason: "1 pending code change not yet deployed" },
    }),
    testOutcome({
      report: testReport({ stack: "staging", status: "busy", error: "stack is locked by another update" }),
      outcome: "busy",
    }),
    testOutcome({
      report: testReport({ stack: "qa", drift: [drifted("web-sg")] }),
      outcome: "heal-failed",
      decision: { action: "heal", reason: "heal 1 drifted resource" },
      heal: { durationMs: 10, changes: {}, failure: "error", error: "cloud credentials missing or expired" },
    }),
  ];
  const lines = renderTable(outcomes).split("\n");

  it("has a header and one row per stack, in the given order", () => {
    expect(columns(lines[0])).toEqual(["STACK", "STATUS", "DRIFT", "PENDING", "OUTCOME", "DETAIL"]);
    expect(lines.slice(1).map((l) => columns(l)[0])).toEqual([
      "shop/dev",
      "shop/production-eu",
      "shop/staging",
      "shop/qa",
    ]);
  });

  it("shows status, drift and pending counts, outcome and the decision's reason", () => {
    expect(columns(lines[2])).toEqual([
      "shop/production-eu",
      "drifted+pending",
      "2",
      "1",
      "reported",
      "1 pending code change not yet deployed",
    ]);
  });

  it("explains a stack that could not be checked by its error, and a failed heal by the heal's error", () => {
    expect(columns(lines[3])).toEqual(["shop/staging", "busy", "0", "0", "busy", "stack is locked by another update"]);
    expect(columns(lines[4]).slice(4)).toEqual(["heal-failed", "cloud credentials missing or expired"]);
  });

  it("starts every column at the same offset on every line", () => {
    const starts = (line: string) => [...line.matchAll(/(?:^|(?<= {2}))\S/g)].map((m) => m.index);
    const header = starts(lines[0] ?? "");
    expect(header).toHaveLength(6);
    for (const line of lines) expect(starts(line)).toEqual(header);
  });

  it("leaves no trailing spaces", () => {
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it("is just the header when there are no stacks", () => {
    expect(renderTable([])).toBe("STACK  STATUS  DRIFT  PENDING  OUTCOME  DETAIL");
  });
});
