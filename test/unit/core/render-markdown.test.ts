// The Markdown report for people (the tracking issue body): what matters is in the right place,
// drift and pending changes are apart, secrets never appear and table cells cannot break the table.
// Assertions read table rows cell by cell rather than comparing whole documents.
import { describe, expect, it } from "vitest";
import { driftItems, pendingItems, planSteps } from "../../../reconciler/core/drift-model.js";
import type { DriftReport } from "../../../reconciler/core/drift-report.js";
import {
  renderOutcomeMarkdown,
  renderOutcomesMarkdown,
  renderReportMarkdown,
} from "../../../reconciler/core/render-markdown.js";
import { testOutcome, testReport } from "../../support/reports.js";
import { outOfBandSecret, recordedEvents } from "../../support/recorded-events.js";

/** The report detection builds from the recorded streams (before ignore rules). */
function recordedReport(): DriftReport {
  return testReport({
    project: "drift-fixture",
    drift: driftItems(recordedEvents("drift-refresh")),
    pending: pendingItems(recordedEvents("pending-preview")),
    plan: planSteps(recordedEvents("drift-preview-refresh")),
  });
}

/** The cells of a Markdown table row, unescaped pipes as separators. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The rows of the table under a "### " heading that starts with `heading`. */
function tableRows(markdown: string, heading: string): string[][] {
  const section = markdown.split(/^### /m).find((s) => s.startsWith(heading));
  if (section === undefined) return [];
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map(cells);
}

const rowsOf = (rows: string[][], name: string) => rows.filter((r) => r[0] === `\`${name}\``);

describe("renderReportMarkdown", () => {
  const markdown = renderReportMarkdown(recordedReport()).join("\n");
  const drift = tableRows(markdown, "Drift");
  const pending = tableRows(markdown, "Pending code changes");

  it("heads the section with the project, stack and status", () => {
    expect(markdown.split("\n")[0]).toBe("## drift-fixture/prod: drifted+pending");
  });

  it("shows a drifted property as resource, type, change, path, what the cloud has and what was last deployed", () => {
    expect(rowsOf(drift, "prod-alb")).toEqual([
      ["`prod-alb`", "`fixture:index:LoadBalancer`", "modified", "`internal`", "`true`", "`false`"],
    ]);
  });

  it("shows the SSH rule added out of band in the cloud column and (absent) in the last-deployed column", () => {
    const [row] = rowsOf(drift, "prod-alb-sg");
    expect(row?.[3]).toBe("`ingress[1]`");
    expect(row?.[4]).toBe('`{"cidrBlocks":["0.0.0.0/0"],"fromPort":22,"protocol":"tcp","toPort":22}`');
    expect(JSON.parse(row?.[4]?.slice(1, -1) ?? "null")).toEqual({
      cidrBlocks: ["0.0.0.0/0"],
      fromPort: 22,
      protocol: "tcp",
      toPort: 22,
    });
    expect(row?.[5]).toBe("(absent)");
  });

  it("shows a deleted resource as one row with its change and no property", () => {
    expect(rowsOf(drift, "prod-app-tg")).toEqual([
      ["`prod-app-tg`", "`fixture:index:TargetGroup`", "deleted", "", "", ""],
    ]);
  });

  it("shows a changed secret as [secret] on both sides and never its value", () => {
    expect(rowsOf(drift, "prod-db-credentials")).toEqual([
      ["`prod-db-credentials`", "`fixture:index:Secret`", "modified", "`value`", "`[secret]`", "`[secret]`"],
    ]);
    expect(markdown).not.toContain(outOfBandSecret);
  });

  it("keeps pending code changes in their own section, apart from the drift", () => {
    expect(drift.map((r) => r[0])).not.toContain("`prod-bucket-0`");
    expect(pending.map((r) => r[0])).toEqual(["`prod-app-tg`", "`prod-bucket-0`", "`prod-app-sg`", "`prod-app-sg`"]);
    expect(rowsOf(pending, "prod-bucket-0")).toEqual([
      ["`prod-bucket-0`", "`fixture:index:Bucket`", "create", "", "", ""],
    ]);
    expect(rowsOf(pending, "prod-app-tg")).toEqual([
      ["`prod-app-tg`", "`fixture:index:TargetGroup`", "replace", "`port`", "`8080`", "`9090`"],
    ]);
  });

  it("has neither section for a stack in sync", () => {
    const text = renderReportMarkdown(testReport()).join("\n");
    expect(text).not.toContain("### Drift");
    expect(text).not.toContain("### Pending");
  });

  it("escapes pipes and shows newlines as \\n in cells, so the table keeps six columns", () => {
    const item = {
      urn: "urn:x",
      type: "aws:s3/bucket:Bucket",
      name: "a|b",
      kind: "modified" as const,
      properties: [{ path: "tags.Note", cloud: "x | y", deployed: "line1\nline2" }],
    };
    const text = renderReportMarkdown(testReport({ drift: [item] })).join("\n");
    const [row] = tableRows(text, "Drift");
    expect(row).toEqual([
      "`a\\|b`",
      "`aws:s3/bucket:Bucket`",
      "modified",
      "`tags.Note`",
      "`x \\| y`",
      "`line1\\nline2`",
    ]);
  });

  it("says how many differences ignore rules hid", () => {
    expect(renderReportMarkdown(testReport({ ignoredDifferences: 3 }))).toContain(
      "3 difference(s) ignored by ignore rules.",
    );
    expect(renderReportMarkdown(testReport()).join("\n")).not.toContain("ignored by ignore rules");
  });

  it.each([
    ["busy", "**Busy:** `stack is locked by another update`"],
    ["error", "**Error:** `stack is locked by another update`"],
  ] as const)("shows why a %s stack could not be checked", (status, line) => {
    expect(renderReportMarkdown(testReport({ status, error: "stack is locked by another update" }))).toContain(line);
  });
});

describe("renderOutcomeMarkdown", () => {
  it("states the decision with its reason and the outcome", () => {
    const text = renderOutcomeMarkdown(
      testOutcome({
        report: recordedReport(),
        outcome: "reported",
        decision: { action: "report", guard: "pending-blocked", reason: "3 pending code changes not yet deployed" },
      }),
    );
    expect(text.split("\n")).toContain("**Decision:** report — `3 pending code changes not yet deployed`");
    expect(text.split("\n")).toContain("**Outcome:** reported");
  });

  it("summarises a successful heal by its changes and duration", () => {
    const heal = { durationMs: 3200, changes: { update: 2, create: 1 } };
    const text = renderOutcomeMarkdown(
      testOutcome({ report: recordedReport(), outcome: "healed", decision: { action: "heal", reason: "heal" }, heal }),
    );
    expect(text.split("\n")).toContain("**Heal:** 2 update, 1 create in 3.2 s");
  });

  it("shows why a heal failed", () => {
    const heal = {
      durationMs: 100,
      changes: {},
      failure: "error" as const,
      error: "backend or provider unreachable: dial tcp",
    };
    const text = renderOutcomeMarkdown(
      testOutcome({
        report: recordedReport(),
        outcome: "heal-failed",
        decision: { action: "heal", reason: "heal" },
        heal,
      }),
    );
    expect(text.split("\n")).toContain("**Heal:** failed: `backend or provider unreachable: dial tcp`");
    expect(text.split("\n")).toContain("**Outcome:** heal-failed");
  });

  it("lists what is still different after a heal that could not be verified", () => {
    const remaining = testReport({
      drift: driftItems(recordedEvents("drift-refresh")).filter((i) => i.name === "prod-alb"),
    });
    const text = renderOutcomeMarkdown(
      testOutcome({
        report: recordedReport(),
        outcome: "heal-unverified",
        decision: { action: "heal", reason: "heal" },
        heal: { durationMs: 1, changes: {} },
        verification: remaining,
      }),
    );
    expect(text).toContain("Still different after the heal:");
    const after = text.slice(text.indexOf("Still different after the heal:"));
    expect(tableRows(after, "Drift")).toEqual([
      ["`prod-alb`", "`fixture:index:LoadBalancer`", "modified", "`internal`", "`true`", "`false`"],
    ]);
  });
});

describe("renderOutcomesMarkdown", () => {
  it("puts every stack's section under one title, separated by rules", () => {
    const dev = testOutcome({ report: testReport({ stack: "dev", project: "drift-fixture" }) });
    const prod = testOutcome({ report: recordedReport(), outcome: "reported" });
    const text = renderOutcomesMarkdown([dev, prod]);
    expect(text.startsWith("# Drift report\n")).toBe(true);
    expect(text.split("\n---\n")).toHaveLength(2);
    expect(text.indexOf("## drift-fixture/dev: in-sync")).toBeLessThan(
      text.indexOf("## drift-fixture/prod: drifted+pending"),
    );
  });
});
