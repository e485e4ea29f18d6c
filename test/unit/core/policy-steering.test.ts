// decide with commands from the tracking issue: a hold stops a heal, an approval allows one heal
// over the guards (mass deletion only when named), a resume lifts the flapping stop; every such
// decision names who.
import { describe, expect, it } from "vitest";
import type { DriftItem, PendingItem, PlanStep } from "../../../reconciler/core/drift-report.js";
import { driftFingerprint } from "../../../reconciler/core/fingerprint.js";
import { decide } from "../../../reconciler/core/policy.js";
import type { SteerCommand } from "../../../reconciler/core/steer-command.js";
import type { StackHistory } from "../../../reconciler/core/stack-history.js";
import { testPolicy } from "../../support/policies.js";
import { testReport } from "../../support/reports.js";

const NOW = new Date("2024-06-12T12:00:00Z");
const sg = "aws:ec2/securityGroup:SecurityGroup";
const urn = (name: string, type = sg) => `urn:pulumi:prod::shop::${type}::${name}`;
const drifted = (name: string, kind: DriftItem["kind"] = "modified"): DriftItem => ({
  urn: urn(name),
  type: sg,
  name,
  kind,
  properties: [],
});
const step = (name: string, op: string): PlanStep => ({ urn: urn(name), type: sg, op });
const pendingChange = (name: string): PendingItem => ({
  urn: urn(name, "aws:s3/bucket:Bucket"),
  type: "aws:s3/bucket:Bucket",
  name,
  op: "update",
  properties: [],
});

const drift = [drifted("web-sg")];
const fp = driftFingerprint(drift);
const deletingReport = testReport({ drift, plan: [step("web-sg", "delete")] });
const at = "2024-06-12T11:00:00.000Z";

function history(commands: SteerCommand[], heals: StackHistory["heals"] = []): StackHistory {
  return { heals, commands };
}
const approval = (extra: Partial<Extract<SteerCommand, { kind: "heal" }>> = {}): SteerCommand => ({
  kind: "heal",
  id: "github-1",
  by: "alice",
  at,
  fingerprint: fp,
  massDeletion: false,
  ...extra,
});
const holdOn = (fingerprint: string | undefined, until = "2024-06-13T00:00:00.000Z"): SteerCommand => ({
  kind: "hold",
  id: "github-2",
  by: "bob",
  at,
  until,
  reason: "INC-42",
  ...(fingerprint ? { fingerprint } : {}),
});

describe("decide with a hold", () => {
  it("does not heal held drift, and names who held it until when", () => {
    const report = testReport({ drift, plan: [step("web-sg", "update")] });
    expect(decide(report, testPolicy(), NOW, history([holdOn(fp)]))).toEqual({
      action: "report",
      guard: "on-hold",
      heldBy: "bob",
      heldUntil: "2024-06-13T00:00:00.000Z",
      reason: expect.stringMatching(/^on hold by bob until 2024-06-13T00:00:00.000Z \(INC-42\)/) as unknown,
    });
  });

  it("heals again once the hold expired, or once the drift changed", () => {
    const report = testReport({ drift, plan: [step("web-sg", "update")] });
    expect(decide(report, testPolicy(), NOW, history([holdOn(fp, "2024-06-12T11:59:00.000Z")])).action).toBe("heal");
    expect(decide(report, testPolicy(), NOW, history([holdOn("other")])).action).toBe("heal");
  });

  it("is stronger than an approval", () => {
    expect(decide(deletingReport, testPolicy(), NOW, history([approval(), holdOn(fp)])).action).toBe("report");
  });
});

describe("decide with an approval", () => {
  it("heals once what maxDeletes blocked, naming who approved", () => {
    expect(decide(deletingReport, testPolicy(), NOW).action).toBe("report");
    const decision = decide(deletingReport, testPolicy(), NOW, history([approval()]));
    expect(decision).toMatchObject({ action: "heal", approvedBy: "alice" });
    expect(decision.reason).toMatch(/^approved by alice: heal 1 drifted resource \(1 delete, 0 replaces\)/);
  });

  it("is used up by a verified heal of that drift: the same drift re-added is blocked again", () => {
    const healed = [{ fingerprint: fp, at: "2024-06-12T11:10:00.000Z" }];
    expect(decide(deletingReport, testPolicy(), NOW, history([approval()], healed))).toMatchObject({
      action: "report",
      guard: "max-deletes",
    });
  });

  it("lapses when the drift changed since it was given", () => {
    const other = testReport({ drift: [drifted("db-sg")], plan: [step("db-sg", "delete")] });
    expect(decide(other, testPolicy(), NOW, history([approval()]))).toMatchObject({ guard: "max-deletes" });
  });

  it.each([
    ["detect mode", { mode: "detect" as const }],
    ["a freeze window", { freezeWindows: [{ cron: "* * * * *", duration: "1h", timezone: "UTC" }] }],
    ["the grace period", { healAfter: "2d" }],
    ["protected types", { protectedTypes: [sg], maxDeletes: 5 }],
  ])("overrides %s", (_name, overrides) => {
    expect(decide(deletingReport, testPolicy(overrides), NOW).action).toBe("report");
    expect(decide(deletingReport, testPolicy(overrides), NOW, history([approval()])).action).toBe("heal");
  });

  it("overrides the flapping stop", () => {
    const heals = [1, 2, 3].map((n) => ({ fingerprint: fp, at: `2024-06-12T0${n}:00:00.000Z` }));
    const report = testReport({ drift, plan: [step("web-sg", "update")] });
    expect(decide(report, testPolicy(), NOW, history([], heals))).toMatchObject({ guard: "flapping" });
    const late = approval({ at: "2024-06-12T04:00:00.000Z" });
    expect(decide(report, testPolicy(), NOW, history([late], heals))).toMatchObject({ action: "heal" });
  });

  it("deploys the pending changes a block policy held back, and says so", () => {
    const report = testReport({ drift, pending: [pendingChange("logs")], plan: [step("web-sg", "update")] });
    expect(decide(report, testPolicy(), NOW)).toMatchObject({ guard: "pending-blocked" });
    const decision = decide(report, testPolicy(), NOW, history([approval()]));
    expect(decision).toMatchObject({ action: "heal", approvedBy: "alice" });
    expect(decision.reason).toMatch(/this deploys 1 pending code change too$/);
    expect("targets" in decision).toBe(false);
  });

  it("keeps pending changes out when the policy excludes them", () => {
    const report = testReport({ drift, pending: [pendingChange("logs")], plan: [step("web-sg", "delete")] });
    const decision = decide(report, testPolicy({ pendingChanges: "exclude" }), NOW, history([approval()]));
    expect(decision).toMatchObject({ action: "heal", targets: [urn("web-sg")] });
  });

  it("does not override mass deletion unless approved with --mass-deletion", () => {
    const gone = [1, 2, 3].map((n) => drifted(`r${n}`, "deleted"));
    const mass = testReport({ drift: gone, resourceCount: 4, plan: [] });
    const massFp = driftFingerprint(gone);
    const plain = decide(mass, testPolicy(), NOW, history([approval({ fingerprint: massFp })]));
    expect(plain).toMatchObject({ action: "report", guard: "mass-deletion" });
    expect(plain.reason).toMatch(/only \/drift heal --mass-deletion overrides this/);
    const named = decide(mass, testPolicy(), NOW, history([approval({ fingerprint: massFp, massDeletion: true })]));
    expect(named).toMatchObject({ action: "heal", approvedBy: "alice" });
  });
});

describe("decide after a resume", () => {
  const heals = [1, 2, 3].map((n) => ({ fingerprint: fp, at: `2024-06-12T0${n}:00:00.000Z` }));
  const report = testReport({ drift, plan: [step("web-sg", "update")] });
  const resume: SteerCommand = { kind: "resume", id: "github-3", by: "carol", at: "2024-06-12T04:00:00.000Z" };

  it("heals what the flapping stop held, naming who resumed", () => {
    expect(decide(report, testPolicy(), NOW, history([resume], heals))).toMatchObject({
      action: "heal",
      resumedBy: "carol",
    });
  });

  it("drops a hold written before it", () => {
    expect(
      decide(report, testPolicy(), NOW, history([holdOn(fp), { ...resume, at: "2024-06-12T11:30:00.000Z" }])).action,
    ).toBe("heal");
  });

  it("names nobody when the resume changed nothing", () => {
    expect(decide(report, testPolicy(), NOW, history([resume]))).not.toHaveProperty("resumedBy");
  });
});
