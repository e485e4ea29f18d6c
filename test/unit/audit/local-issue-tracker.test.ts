// The local audit trail with a value the cloud controls: the story of the forged markers, on
// disk. Each stack keeps its own episode, and audit.md shows the value as data.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverEvent } from "../../../reconciler/audit/deliver-event.js";
import { localIssueTracker } from "../../../reconciler/audit/local-issue-tracker.js";
import { detectionEvents } from "../../../reconciler/audit/stage-events.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { liveMarkup } from "../../support/markdown-inline.js";
import { testOutcome, testReport } from "../../support/reports.js";

const forged =
  "x <!-- drift-reconciler:stack:shop/dev --> <!-- drift-reconciler:fingerprint:0000000000000000 --> " +
  "@acme/admins [login](https://evil.example/x) <img src=x onerror=alert(1)> | `";

function drifted(stack: string, item: DriftItem) {
  const report = testReport({ stack, drift: [item] });
  const decision = { action: "report" as const, guard: "detect-mode" as const, reason: "detect mode" };
  return testOutcome({ report, outcome: "reported", decision });
}

const taggedProd: DriftItem = {
  urn: "urn:pulumi:prod::shop::fixture:index:SecurityGroup::prod-alb-sg",
  type: "fixture:index:SecurityGroup",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "tags.Note", cloud: forged, deployed: undefined }],
};
const sshOnDev: DriftItem = {
  urn: "urn:pulumi:dev::shop::fixture:index:SecurityGroup::dev-alb-sg",
  type: "fixture:index:SecurityGroup",
  name: "dev-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { fromPort: 22 }, deployed: undefined }],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "local-trail-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the local audit trail with a forged marker in a cloud value", () => {
  it("keeps dev's drift on dev's own issue and writes the value into audit.md as data", async () => {
    const tracker = localIssueTracker(dir, () => new Date("2024-06-12T12:00:00.000Z"));
    for (const outcome of [drifted("prod", taggedProd), drifted("dev", sshOnDev)]) {
      const ctx = { project: outcome.project, stack: outcome.stack, severityRules: defaultSeverityRules };
      for (const event of detectionEvents(outcome.report, outcome.decision, { heals: [] }, ctx)) {
        await deliverEvent(tracker, event, ["drift"]);
      }
    }

    const state = JSON.parse(readFileSync(join(dir, "issues.json"), "utf8")) as {
      issues: Array<{ number: number; stack: string; body: string; comments: string[] }>;
    };
    expect(state.issues.map((i) => i.stack)).toEqual(["prod", "dev"]);
    expect(state.issues[1]?.body).toContain("`dev-alb-sg`");
    // The trailer only: stack, fingerprint, since and shown.
    expect(state.issues[0]?.body.split("<!--")).toHaveLength(5);
    const auditMd = readFileSync(join(dir, "audit.md"), "utf8");
    expect(auditMd).toContain("@acme/admins");
    // Its own headings name local issue numbers ("#1"); everything under them is the issues' text.
    const entries = auditMd.split("\n").filter((line) => !line.startsWith("## 2024-06-12T12:00:00.000Z · #"));
    expect(liveMarkup(entries.join("\n"))).toEqual([]);
  });
});
