// The status page shows what the last cycle found, never a secret: every value passes
// through the output redactor before it is escaped into the HTML.
import { describe, expect, it } from "vitest";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import { createRedactor } from "../../../reconciler/core/redact.js";
import { statusQueryOf, statusViewOf } from "../../../reconciler/core/status-view.js";
import { renderStatusPage } from "../../../reconciler/service/status-page.js";
import { testOutcome, testReport } from "../../support/reports.js";
import { leakedSamples, outcomeCarryingSamples, sampleEnv, secretSamples } from "../../support/secret-samples.js";

describe("the status page", () => {
  it("shows a stack whose error carries every secret sample without any of them", () => {
    const outcome = outcomeCarryingSamples();
    const report = { ...outcome.report, status: "error" as const, error: secretSamples.map((s) => s.text).join(" ") };
    const view = statusViewOf({
      stacks: [{ key: "prod", outcome: { ...outcome, report } }],
      severity: defaultSeverityRules,
      ready: { ready: false, reason: `backend https://u:${sampleEnv.VENDOR_API_TOKEN}@state.example` },
    });
    const redact = createRedactor(Object.values(sampleEnv).concat("awskms://alias/drift-prod-kms-key"));
    const html = renderStatusPage(view, statusQueryOf(new URLSearchParams()), redact);
    expect(html).toContain("[redacted]");
    expect(leakedSamples(html)).toEqual([]);
  });

  it("shows a connection string written without a scheme with its password redacted", () => {
    const report = testReport({ status: "error", error: "dial tcp: admin:S3cr3tP4ss@db:5432: connection refused" });
    const view = statusViewOf({
      stacks: [{ key: "prod", outcome: testOutcome({ outcome: "error", report }) }],
      severity: defaultSeverityRules,
      ready: { ready: false, reason: "state at app_user:An0therP4ss@10.0.0.7:5432 unreachable" },
    });
    const html = renderStatusPage(view, statusQueryOf(new URLSearchParams()), createRedactor());
    expect(html).toContain("admin:[redacted]@db:5432");
    expect(html).not.toContain("S3cr3tP4ss");
    expect(html).not.toContain("An0therP4ss");
  });

  it("says who steered each decision: held until when, approved, resumed; a name is escaped", () => {
    const held = testOutcome({
      report: testReport({ stack: "prod" }),
      outcome: "reported",
      decision: {
        action: "report",
        guard: "on-hold",
        reason: "on hold",
        heldBy: "alice",
        heldUntil: "2024-06-13T00:00:00.000Z",
      },
    });
    const approved = testOutcome({
      report: testReport({ stack: "dev" }),
      outcome: "healed",
      decision: { action: "heal", reason: "approved", approvedBy: "<b>ops</b>", resumedBy: "carol" },
    });
    const view = statusViewOf({
      stacks: [
        { key: "prod", outcome: held },
        { key: "dev", outcome: approved },
      ],
      severity: defaultSeverityRules,
      ready: { ready: true, reason: "ready" },
    });
    const html = renderStatusPage(view, statusQueryOf(new URLSearchParams()));
    expect(html).toContain("guard: on-hold · held by alice until 2024-06-13 00:00:00 UTC");
    expect(html).toContain("approved by &lt;b&gt;ops&lt;/b&gt; · resumed by carol");
  });
});
