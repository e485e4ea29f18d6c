// The events of each stage of a stack's reconcile: what detection means for the episode, the
// heal's start and result, an interrupted heal; ids from the episode and the content.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import {
  detectionEvents,
  healInterruptedEvent,
  healResultEvent,
  healStartedEvent,
} from "../../../reconciler/audit/stage-events.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { driftFingerprint } from "../../../reconciler/core/fingerprint.js";
import type { Decision } from "../../../reconciler/core/decision.js";
import { testOutcome, testReport } from "../../support/reports.js";

const sgUrn = "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::prod-alb-sg";
const ssh: DriftItem = {
  urn: sgUrn,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] } }],
};
const ctx = { project: "shop", stack: "prod", severityRules: defaultSeverityRules };
const drifted = testReport({ drift: [ssh], plan: [{ urn: sgUrn, type: ssh.type, op: "update" }] });
const heal: Extract<Decision, { action: "heal" }> = { action: "heal", reason: "heal 1 drifted resource" };
const blocked: Decision = { action: "report", guard: "detect-mode", reason: "detect mode" };
const kinds = (events: AuditEvent[]) => events.map((e) => e.kind);
const noHistory = { heals: [] };

describe("detectionEvents", () => {
  it("says nothing for a busy or failed stack", () => {
    expect(detectionEvents(testReport({ status: "busy" }), heal, noHistory, ctx)).toEqual([]);
    expect(detectionEvents(testReport({ status: "error" }), heal, noHistory, ctx)).toEqual([]);
  });

  it("tells a stuck stack, keyed on its lock, with the reason as a value", () => {
    const lock = { url: "file:///l", user: "ops", host: "h", pid: 1, since: "2024-06-12T10:00:00.000Z" };
    const report = testReport({ status: "stuck", error: "stack locked for 2h", lock });
    const [stuck] = detectionEvents(report, { action: "none", reason: "stuck" }, noHistory, ctx);
    expect(stuck).toMatchObject({
      kind: "stack-stuck",
      reason: "The stack could not be checked: `stack locked for 2h`",
    });
    expect(
      detectionEvents(
        testReport({ status: "stuck", lock, startedAt: "2024-06-12T13:00:00.000Z" }),
        heal,
        noHistory,
        ctx,
      )[0]?.id,
    ).toBe(stuck?.id);
  });

  it("resolves only an open episode, and says nothing for an in-sync stack without one", () => {
    expect(detectionEvents(testReport(), { action: "none", reason: "in sync" }, noHistory, ctx)).toEqual([]);
    const open = { heals: [], episodeSince: "2024-06-12T11:00:00.000Z" };
    expect(kinds(detectionEvents(testReport(), { action: "none", reason: "in sync" }, open, ctx))).toEqual([
      "drift-resolved",
    ]);
  });

  it("rates SSH open to the world critical, with the drift's fingerprint and the blocking guard", () => {
    const [detected] = detectionEvents(drifted, blocked, noHistory, ctx);
    expect(detected).toMatchObject({
      kind: "drift-detected",
      severity: "critical",
      fingerprint: driftFingerprint([ssh]),
      attention: { why: "detect-mode", reason: "Not healed: `detect mode`" },
    });
  });

  it("gives the same drift in the same open episode the same id, and a new episode a new one", () => {
    const open = { heals: [], episodeSince: "2024-06-12T11:00:00.000Z" };
    const later = testReport({ ...drifted, startedAt: "2024-06-12T12:15:00.000Z" });
    expect(detectionEvents(later, blocked, open, ctx)[0]?.id).toBe(detectionEvents(drifted, blocked, open, ctx)[0]?.id);
    expect(detectionEvents(later, blocked, noHistory, ctx)[0]?.id).not.toBe(
      detectionEvents(drifted, blocked, noHistory, ctx)[0]?.id,
    );
  });

  it("adds a flapping event when the breaker held the heal", () => {
    const flapping: Decision = { action: "report", guard: "flapping", reason: "healed 3 times within 24h" };
    expect(kinds(detectionEvents(drifted, flapping, noHistory, ctx))).toEqual(["drift-detected", "drift-flapping"]);
  });
});

describe("heal events", () => {
  it("ties the result to the start by the attempt, and names the plan", () => {
    const started = healStartedEvent(drifted, heal, ctx);
    expect(started.plan).toContain("`update` `prod-alb-sg`");
    const result = healResultEvent(
      testOutcome({
        report: drifted,
        decision: heal,
        outcome: "healed",
        heal: { durationMs: 1, changes: { update: 1 } },
      }),
      started,
      "2024-06-12T12:01:00.000Z",
    );
    expect(result).toMatchObject({
      kind: "healed",
      attempt: started.attempt,
      summary: expect.stringContaining("1 update") as unknown,
    });
  });

  it("turns a failed heal into heal-not-done with the engine's error as a value", () => {
    const started = healStartedEvent(drifted, heal, ctx);
    const outcome = testOutcome({
      report: drifted,
      decision: heal,
      outcome: "heal-failed",
      heal: { durationMs: 1, changes: {}, failure: "error", error: "provider said no" },
    });
    expect(healResultEvent(outcome, started, "t")).toMatchObject({
      kind: "heal-not-done",
      why: "heal-failed",
      reason: "Heal failed: `provider said no`",
    });
  });

  it("reports a heal that left resources alone as pending-overlap, not as a failure", () => {
    const started = healStartedEvent(drifted, heal, ctx);
    const outcome = testOutcome({
      report: drifted,
      decision: heal,
      outcome: "reported",
      heal: { durationMs: 1, changes: {} },
      verificationNote: "left app-tg alone",
    });
    expect(healResultEvent(outcome, started, "t")).toMatchObject({ kind: "heal-not-done", why: "pending-overlap" });
  });

  it("tells an interrupted heal once per attempt, with when it began", () => {
    const started = healStartedEvent(drifted, heal, ctx);
    const interrupted = healInterruptedEvent(started, "2024-06-12T13:00:00.000Z");
    expect(interrupted).toMatchObject({
      kind: "heal-interrupted",
      attempt: started.attempt,
      startedAt: drifted.startedAt,
    });
    expect(healInterruptedEvent(started, "later").id).toBe(interrupted.id);
  });

  it("gives every new heal attempt a new id", () => {
    const again = testReport({ ...drifted, startedAt: "2024-06-12T14:00:00.000Z" });
    expect(healStartedEvent(again, heal, ctx).attempt).not.toBe(healStartedEvent(drifted, heal, ctx).attempt);
  });
});
