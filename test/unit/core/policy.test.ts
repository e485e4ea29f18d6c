// decide: one rule per test, plus the order in which they apply. Reports are built by the shared
// test factory so each test shows only what matters to it.
import { describe, expect, it } from "vitest";
import type { DriftItem, PendingItem, PlanStep } from "../../../reconciler/core/drift-report.js";
import { decide } from "../../../reconciler/core/policy.js";
import { testPolicy } from "../../support/policies.js";
import { testReport } from "../../support/reports.js";

const NOW = new Date("2024-06-12T12:00:00Z"); // a Wednesday
const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;

function drifted(
  name: string,
  kind: DriftItem["kind"] = "modified",
  type = "aws:ec2/securityGroup:SecurityGroup",
): DriftItem {
  return { urn: urn(type, name), type, name, kind, properties: [] };
}

function pendingChange(name: string, op: PendingItem["op"] = "update", type = "aws:s3/bucket:Bucket"): PendingItem {
  return { urn: urn(type, name), type, name, op, properties: [] };
}

function step(name: string, op: string, type = "aws:ec2/securityGroup:SecurityGroup"): PlanStep {
  return { urn: urn(type, name), type, op };
}

const policy = testPolicy;

describe("decide", () => {
  it.each([
    ["in-sync", /in sync/],
    ["busy", /busy/],
    ["error", /error: detection failed: boom/],
  ] as const)("does nothing for a stack that is %s, and says so", (status, reason) => {
    const decision = decide(testReport({ status, error: "boom" }), policy(), NOW);
    expect(decision).toEqual({ action: "none", reason: expect.stringMatching(reason) as unknown });
  });

  it("heals a drifted stack in heal mode when nothing guards against it", () => {
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], plan: [step("web-sg", "update")] }),
      policy(),
      NOW,
    );
    expect(decision).toEqual({ action: "heal", reason: "heal 1 drifted resource (0 deletes, 0 replaces)" });
  });

  it("reports instead of healing when more resources disappeared than the mass-deletion threshold allows", () => {
    const drift = [1, 2, 3, 4].map((n) => drifted(`r${n}`, "deleted")).concat(drifted("r5"));
    const decision = decide(testReport({ drift, resourceCount: 6 }), policy(), NOW);
    expect(decision).toEqual({
      action: "report",
      guard: "mass-deletion",
      reason:
        "4 of 6 resources (67%) disappeared on refresh, over the 50% threshold: suspect broken credentials or permissions; not healing",
    });
  });

  it("heals when the share of deleted resources is exactly the threshold", () => {
    const drift = [drifted("a", "deleted"), drifted("b", "deleted")];
    const decision = decide(testReport({ drift, resourceCount: 4 }), policy({ maxDeletes: 10 }), NOW);
    expect(decision.action).toBe("heal");
  });

  it("reports mass deletion even in detect mode, since it points at broken credentials", () => {
    const drift = [drifted("a", "deleted"), drifted("b", "deleted"), drifted("c", "deleted")];
    const decision = decide(testReport({ drift, resourceCount: 4 }), policy({ mode: "detect" }), NOW);
    expect(decision).toMatchObject({ action: "report", guard: "mass-deletion" });
  });

  it("reports without healing in detect mode, naming what it found", () => {
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], pending: [pendingChange("logs")] }),
      policy({ mode: "detect" }),
      NOW,
    );
    expect(decision).toEqual({
      action: "report",
      guard: "detect-mode",
      reason: "detect mode: found 1 drifted resource and 1 pending change; not healing (set policy.mode: heal to heal)",
    });
  });

  it("reports during a freeze window, naming it and when it closes", () => {
    const weekend = { name: "weekend", cron: "0 18 * * 5", duration: "62h", timezone: "Europe/Berlin" };
    const saturday = new Date("2024-06-08T12:00:00Z");
    const decision = decide(testReport({ drift: [drifted("web-sg")] }), policy({ freezeWindows: [weekend] }), saturday);
    expect(decision).toMatchObject({ action: "report", guard: "freeze-window" });
    expect(decision.reason).toContain('"weekend" (0 18 * * 5 Europe/Berlin)');
    expect(decision.reason).toContain("until 2024-06-10T06:00:00.000Z");
  });

  it("heals outside the freeze window", () => {
    const weekend = { name: "weekend", cron: "0 18 * * 5", duration: "62h", timezone: "Europe/Berlin" };
    const decision = decide(testReport({ drift: [drifted("web-sg")] }), policy({ freezeWindows: [weekend] }), NOW);
    expect(decision.action).toBe("heal");
  });

  it("reports without healing when pending changes are present and pendingChanges is block", () => {
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], pending: [pendingChange("logs"), pendingChange("assets")] }),
      policy(),
      NOW,
    );
    expect(decision).toMatchObject({ action: "report", guard: "pending-blocked" });
    expect(decision.reason).toMatch(/^2 pending code changes not yet deployed and policy\.pendingChanges is block/);
  });

  it("heals only the drifted resources, by URN, when pendingChanges is exclude", () => {
    const sg = drifted("web-sg");
    const decision = decide(
      testReport({ drift: [sg], pending: [pendingChange("logs")] }),
      policy({ pendingChanges: "exclude" }),
      NOW,
    );
    expect(decision).toEqual({
      action: "heal",
      targets: [sg.urn],
      reason: "heal 1 drifted resource, leaving 1 pending change alone (0 deletes, 0 replaces)",
    });
  });

  it("finds nothing to heal when only pending changes exist and pendingChanges is exclude", () => {
    const decision = decide(
      testReport({ pending: [pendingChange("logs")] }),
      policy({ pendingChanges: "exclude" }),
      NOW,
    );
    expect(decision).toMatchObject({ action: "report", guard: "nothing-to-heal" });
    expect(decision.reason).toContain("1 pending code change");
  });

  it("leaves a drifted resource alone when its code changed too, heals the rest, and names it with the pending paths", () => {
    const sg = drifted("web-sg");
    const tg = drifted("app-tg", "deleted", "aws:lb/targetGroup:TargetGroup");
    const tgChange: PendingItem = {
      ...pendingChange("app-tg", "replace", "aws:lb/targetGroup:TargetGroup"),
      properties: [{ path: "port", deployed: 8080, code: 9090 }],
    };
    const decision = decide(
      testReport({ drift: [sg, tg], pending: [tgChange, pendingChange("logs")], plan: [step("web-sg", "update")] }),
      policy({ pendingChanges: "exclude" }),
      NOW,
    );
    expect(decision).toEqual({
      action: "heal",
      targets: [sg.urn],
      overlap: [{ urn: tg.urn, name: "app-tg", type: tg.type, drift: "deleted", pendingPaths: ["port"] }],
      reason:
        "heal 1 drifted resource, leaving 2 pending changes alone (0 deletes, 0 replaces); " +
        "not healing app-tg (deleted; the code changes port): drift and a pending code change on the same resource",
    });
  });

  it("reports pending-overlap when every drifted resource also has a pending code change", () => {
    const sg = drifted("web-sg");
    const change: PendingItem = {
      ...pendingChange("web-sg", "update", sg.type),
      properties: [{ path: "ingress[0].fromPort" }],
    };
    const decision = decide(testReport({ drift: [sg], pending: [change] }), policy({ pendingChanges: "exclude" }), NOW);
    expect(decision).toMatchObject({ action: "report", guard: "pending-overlap", overlap: [{ name: "web-sg" }] });
    expect(decision.reason).toMatch(/web-sg \(modified; the code changes ingress\[0\]\.fromPort\); not healing/);
  });

  it("heals drift and deploys pending changes together when pendingChanges is include", () => {
    const plan = [step("web-sg", "update"), step("logs", "update", "aws:s3/bucket:Bucket")];
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], pending: [pendingChange("logs")], plan }),
      policy({ pendingChanges: "include" }),
      NOW,
    );
    expect(decision).toEqual({
      action: "heal",
      reason: "heal 1 drifted resource and deploy 1 pending change (0 deletes, 0 replaces)",
    });
  });

  it("reports when the heal would delete more resources than maxDeletes allows, naming both numbers", () => {
    const plan = [step("a", "delete"), step("b", "delete"), step("c", "update")];
    const decision = decide(
      testReport({ drift: [drifted("a")], plan }),
      policy({ maxDeletes: 1, maxReplaces: 5 }),
      NOW,
    );
    expect(decision).toEqual({
      action: "report",
      guard: "max-deletes",
      reason: "heal would delete 2 resources, over the limit of 1 (policy.maxDeletes); not healing",
    });
  });

  it("does not count the old half of a replacement as a delete", () => {
    const plan = [step("a", "create-replacement"), step("a", "replace"), step("a", "delete-replaced")];
    const decision = decide(
      testReport({ drift: [drifted("a")], plan }),
      policy({ maxDeletes: 0, maxReplaces: 1 }),
      NOW,
    );
    expect(decision).toEqual({ action: "heal", reason: "heal 1 drifted resource (0 deletes, 1 replace)" });
  });

  it("reports when the heal would replace more distinct resources than maxReplaces allows", () => {
    const plan = ["a", "b"].flatMap((name) => [
      step(name, "create-replacement"),
      step(name, "replace"),
      step(name, "delete-replaced"),
    ]);
    const decision = decide(testReport({ drift: [drifted("a"), drifted("b")], plan }), policy({ maxReplaces: 1 }), NOW);
    expect(decision).toEqual({
      action: "report",
      guard: "max-replaces",
      reason: "heal would replace 2 resources, over the limit of 1 (policy.maxReplaces); not healing",
    });
  });

  it("counts only the targeted plan steps when pending changes are excluded", () => {
    const bucketType = "aws:s3/bucket:Bucket";
    const plan = [step("web-sg", "update"), step("logs", "delete", bucketType), step("assets", "replace", bucketType)];
    const pending = [pendingChange("logs", "delete"), pendingChange("assets", "replace")];
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], pending, plan }),
      policy({ pendingChanges: "exclude" }),
      NOW,
    );
    expect(decision).toMatchObject({ action: "heal", targets: [urn("aws:ec2/securityGroup:SecurityGroup", "web-sg")] });
  });

  it("counts every plan step when pending changes are included", () => {
    const plan = [step("web-sg", "update"), step("logs", "delete", "aws:s3/bucket:Bucket")];
    const pending = [pendingChange("logs", "delete")];
    const decision = decide(
      testReport({ drift: [drifted("web-sg")], pending, plan }),
      policy({ pendingChanges: "include" }),
      NOW,
    );
    expect(decision).toMatchObject({ action: "report", guard: "max-deletes" });
  });

  it("reports when the heal would replace a resource whose type matches a protected glob, naming it", () => {
    const rds = "aws:rds/instance:Instance";
    const plan = [step("orders-db", "create-replacement", rds), step("orders-db", "replace", rds)];
    const decision = decide(
      testReport({ drift: [drifted("orders-db", "modified", rds)], plan }),
      policy({ maxReplaces: 5, protectedTypes: ["aws:rds/*"] }),
      NOW,
    );
    expect(decision).toEqual({
      action: "report",
      guard: "protected-type",
      reason:
        'heal would replace orders-db (aws:rds/instance:Instance), protected by policy.protectedTypes "aws:rds/*"; not healing',
    });
  });

  it("reports when the heal would delete a resource whose type is protected exactly", () => {
    const bucket = "aws:s3/bucket:Bucket";
    const plan = [step("audit-logs", "delete", bucket)];
    const decision = decide(
      testReport({ drift: [drifted("audit-logs", "modified", bucket)], plan }),
      policy({ maxDeletes: 5, protectedTypes: [bucket] }),
      NOW,
    );
    expect(decision).toMatchObject({ action: "report", guard: "protected-type" });
    expect(decision.reason).toContain("would delete audit-logs");
  });

  it("heals an update of a protected type: only deletes and replacements are guarded", () => {
    const rds = "aws:rds/instance:Instance";
    const plan = [step("orders-db", "update", rds)];
    const decision = decide(
      testReport({ drift: [drifted("orders-db", "modified", rds)], plan }),
      policy({ protectedTypes: ["aws:rds/*"] }),
      NOW,
    );
    expect(decision.action).toBe("heal");
  });

  it("protects only the exact type when the entry has no *", () => {
    const plan = [step("policy", "delete", "aws:s3/bucketPolicy:BucketPolicy")];
    const decision = decide(
      testReport({ drift: [drifted("policy")], plan }),
      policy({ maxDeletes: 5, protectedTypes: ["aws:s3/bucket"] }),
      NOW,
    );
    expect(decision.action).toBe("heal");
  });

  it("lets * stand for any run of characters anywhere in the entry", () => {
    const plan = [step("orders-db", "replace", "aws:rds/instance:Instance")];
    const protectedBy = (entry: string) =>
      decide(
        testReport({ drift: [drifted("orders-db")], plan }),
        policy({ maxReplaces: 5, protectedTypes: [entry] }),
        NOW,
      ).action;
    expect(protectedBy("aws:*:Instance")).toBe("report");
    expect(protectedBy("*")).toBe("report");
    expect(protectedBy("aws:*:Cluster")).toBe("heal");
    expect(protectedBy("aws:*:Inst")).toBe("heal");
    expect(protectedBy("aws:rds/instance")).toBe("heal");
  });
});
