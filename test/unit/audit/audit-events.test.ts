// auditEventsFor: what one stack's outcome means for its drift episode, as plain events.
import { describe, expect, it } from "vitest";
import { auditEventsFor, type AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { driftFingerprint } from "../../../reconciler/core/fingerprint.js";
import { testOutcome, testReport } from "../../support/reports.js";

const sgUrn = "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::prod-alb-sg";
const ssh: DriftItem = {
  urn: sgUrn,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] } }],
};
const ctx = { severityRules: defaultSeverityRules, cycleId: "cycle-1" };
const drifted = testReport({ drift: [ssh], plan: [{ urn: sgUrn, type: ssh.type, op: "update" }] });
const kinds = (events: AuditEvent[]) => events.map((e) => e.kind);

describe("auditEventsFor", () => {
  it("says nothing for a busy or failed stack: it could not be checked", () => {
    expect(auditEventsFor(testOutcome({ report: testReport({ status: "busy" }), outcome: "busy" }), ctx)).toEqual([]);
    expect(auditEventsFor(testOutcome({ report: testReport({ status: "error" }), outcome: "error" }), ctx)).toEqual([]);
  });

  it("reports an in-sync stack as drift resolved, which closes an open episode", () => {
    expect(kinds(auditEventsFor(testOutcome(), ctx))).toEqual(["drift-resolved"]);
  });

  it("rates SSH open to the world critical, with the drift's fingerprint and its report", () => {
    const [detected] = auditEventsFor(
      testOutcome({
        report: drifted,
        outcome: "reported",
        decision: { action: "report", guard: "detect-mode", reason: "detect mode" },
      }),
      ctx,
    );
    expect(detected).toMatchObject({
      kind: "drift-detected",
      severity: "critical",
      fingerprint: driftFingerprint([ssh]),
    });
    expect(detected?.kind === "drift-detected" && detected.report).toContain("prod-alb-sg");
  });

  it("carries the guard that blocked the heal as the reason a person must look", () => {
    const outcome = testOutcome({
      report: drifted,
      outcome: "reported",
      decision: { action: "report", guard: "max-deletes", reason: "too many deletes" },
    });
    const [detected] = auditEventsFor(outcome, ctx);
    expect(detected).toMatchObject({ attention: { why: "max-deletes", reason: "Not healed: `too many deletes`" } });
  });

  it("follows a verified heal with heal-started then healed, naming the changes", () => {
    const outcome = testOutcome({
      report: drifted,
      outcome: "healed",
      decision: { action: "heal", reason: "heal 1 drifted resource" },
      heal: { durationMs: 900, changes: { update: 1 } },
    });
    const events = auditEventsFor(outcome, ctx);
    expect(kinds(events)).toEqual(["drift-detected", "heal-started", "healed"]);
    expect(events[1]).toMatchObject({ plan: expect.stringContaining("`update` `prod-alb-sg`") as unknown });
    expect(events[2]).toMatchObject({ summary: expect.stringContaining("1 update") as unknown });
  });

  it("scopes the plan to the targeted resources when pending changes are excluded", () => {
    const other = "urn:pulumi:prod::shop::aws:lb/targetGroup:TargetGroup::prod-app-tg";
    const report = testReport({
      drift: [ssh],
      plan: [
        { urn: sgUrn, type: ssh.type, op: "update" },
        { urn: other, type: "t", op: "replace" },
      ],
    });
    const outcome = testOutcome({
      report,
      outcome: "healed",
      decision: { action: "heal", reason: "r", targets: [sgUrn] },
      heal: { durationMs: 1, changes: {} },
    });
    const started = auditEventsFor(outcome, ctx).find((e) => e.kind === "heal-started");
    expect(started?.kind === "heal-started" && started.plan).toContain("only the drifted resources");
    expect(started?.kind === "heal-started" && started.plan).not.toContain("prod-app-tg");
  });

  it("turns a failed heal into heal-not-done with the engine's error", () => {
    const outcome = testOutcome({
      report: drifted,
      outcome: "heal-failed",
      decision: { action: "heal", reason: "r" },
      heal: { durationMs: 1, changes: {}, failure: "error", error: "provider said no" },
    });
    const last = auditEventsFor(outcome, ctx).at(-1);
    expect(last).toMatchObject({
      kind: "heal-not-done",
      why: "heal-failed",
      reason: "Heal failed: `provider said no`",
    });
  });

  it("shows what still differs after an unverified heal, without repeating the stack heading", () => {
    const outcome = testOutcome({
      report: drifted,
      outcome: "heal-unverified",
      decision: { action: "heal", reason: "r" },
      heal: { durationMs: 1, changes: { update: 1 } },
      verification: drifted,
    });
    const last = auditEventsFor(outcome, ctx).at(-1);
    expect(last?.kind === "heal-not-done" && last.reason).toMatch(/^Heal ran \(1 update\), but drift remains\.\n\n/);
    expect(last?.kind === "heal-not-done" && last.reason).toContain("### Drift");
    expect(last?.kind === "heal-not-done" && last.reason).not.toContain("## shop/prod");
  });

  it("gives the same event the same id in the same cycle, and a new one in the next", () => {
    const outcome = testOutcome({
      report: drifted,
      outcome: "reported",
      decision: { action: "report", guard: "detect-mode", reason: "r" },
    });
    const a = auditEventsFor(outcome, ctx)[0]?.id;
    expect(auditEventsFor(outcome, ctx)[0]?.id).toBe(a);
    expect(auditEventsFor(outcome, { ...ctx, cycleId: "cycle-2" })[0]?.id).not.toBe(a);
  });
});
