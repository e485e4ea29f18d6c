// The drift model on engine event streams recorded from the real engine: out of band, an SSH rule
// was added to prod-alb-sg, prod-db-credentials got a new value, prod-app-tg was deleted and prod-alb
// made internal; in code, a bucket was added and the app port moved to 9090 (which replaces the
// target group). Drift and pending changes must come out apart, per resource and per property.
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import {
  driftItems,
  finalSteps,
  isManaged,
  managedResourceCount,
  pendingItems,
  planSteps,
} from "../../../reconciler/core/drift-model.js";
import { resourceNameOf } from "../../../reconciler/core/urn.js";
import { fixtureUrn, outOfBandSecret, recordedEvents } from "../../support/recorded-events.js";

const sshRule = { cidrBlocks: ["0.0.0.0/0"], fromPort: 22, protocol: "tcp", toPort: 22 };

function preEvent(metadata: Omit<StepEventMetadata, "provider">): EngineEvent {
  return { sequence: 0, timestamp: 0, resourcePreEvent: { metadata: { provider: "", ...metadata } } };
}

describe("driftItems", () => {
  const drift = driftItems(recordedEvents("drift-refresh"));
  const byName = (name: string) => drift.find((item) => item.name === name);

  it("finds exactly the four resources changed out of band, each with its kind of change", () => {
    const found = drift.map((item) => [item.name, item.kind]).sort();
    expect(found).toEqual([
      ["prod-alb", "modified"],
      ["prod-alb-sg", "modified"],
      ["prod-app-tg", "deleted"],
      ["prod-db-credentials", "modified"],
    ]);
  });

  it("reports the SSH rule added to prod-alb-sg as ingress[1]: in the cloud, absent from the last deployment", () => {
    const sg = byName("prod-alb-sg");
    expect(sg).toMatchObject({
      urn: fixtureUrn("fixture:index:SecurityGroup", "prod-alb-sg"),
      type: "fixture:index:SecurityGroup",
    });
    expect(sg?.properties).toEqual([{ path: "ingress[1]", cloud: sshRule }]);
    expect(sg?.properties[0]).not.toHaveProperty("deployed");
  });

  it("reports the deleted target group as deleted, with no property differences", () => {
    const { id, ...item } = byName("prod-app-tg") ?? {};
    expect(item).toEqual({
      urn: fixtureUrn("fixture:index:TargetGroup", "prod-app-tg"),
      type: "fixture:index:TargetGroup",
      name: "prod-app-tg",
      kind: "deleted",
      properties: [],
    });
    // The physical id, from the last deployed state: what the audit log knows the resource by.
    expect(id).toMatch(/^targetgroup-[0-9a-f]{12}$/);
  });

  it("reports the load balancer's internal flag: true in the cloud, false as deployed", () => {
    expect(byName("prod-alb")?.properties).toEqual([{ path: "internal", cloud: true, deployed: false }]);
  });

  it("reports the changed secret as its path with [secret] on both sides, and never its new value", () => {
    expect(byName("prod-db-credentials")?.properties).toEqual([
      { path: "value", cloud: "[secret]", deployed: "[secret]" },
    ]);
    expect(JSON.stringify(drift)).not.toContain(outOfBandSecret);
  });

  it("never reports the stack or the provider, although the engine refreshed both", () => {
    expect(drift.map((item) => item.type)).not.toContain("pulumi:pulumi:Stack");
    expect(drift.filter((item) => item.type.startsWith("pulumi:providers:"))).toEqual([]);
  });

  it("finds no drift in the stream of a stack that is in sync", () => {
    expect(driftItems(recordedEvents("in-sync-preview-refresh"))).toEqual([]);
  });
});

describe("pendingItems", () => {
  const pending = pendingItems(recordedEvents("pending-preview"));
  const byName = (name: string) => pending.find((item) => item.name === name);

  it("lists the new bucket, the target-group replacement and the app security-group update, one item per resource", () => {
    expect(pending.map((item) => [item.name, item.op])).toEqual([
      ["prod-app-tg", "replace"],
      ["prod-bucket-0", "create"],
      ["prod-app-sg", "update"],
    ]);
  });

  it("does not mistake the out-of-band drift for a pending change", () => {
    const names = pending.map((item) => item.name);
    for (const drifted of ["prod-alb-sg", "prod-alb", "prod-db-credentials"]) expect(names).not.toContain(drifted);
  });

  it("lists a created resource without property differences", () => {
    expect(byName("prod-bucket-0")).toEqual({
      urn: fixtureUrn("fixture:index:Bucket", "prod-bucket-0"),
      type: "fixture:index:Bucket",
      name: "prod-bucket-0",
      op: "create",
      properties: [],
    });
  });

  it("diffs the replaced target group on its port only: 8080 deployed, 9090 in the code", () => {
    expect(byName("prod-app-tg")?.properties).toEqual([{ path: "port", deployed: 8080, code: 9090 }]);
  });

  it("diffs the app security group's ingress ports leaf by leaf", () => {
    expect(byName("prod-app-sg")?.properties).toEqual([
      { path: "ingress[0].fromPort", deployed: 8080, code: 9090 },
      { path: "ingress[0].toPort", deployed: 8080, code: 9090 },
    ]);
  });

  it("gives a replacement the same diff whether the engine deletes before or after creating", () => {
    const events = recordedEvents("pending-preview");
    const tgSteps = events.filter((e) => e.resourcePreEvent?.metadata.urn.endsWith("::prod-app-tg"));
    expect(tgSteps.map((e) => e.resourcePreEvent?.metadata.op)).toEqual([
      "delete-replaced",
      "replace",
      "create-replacement",
    ]);
    const createBeforeDelete = [...events.filter((e) => !tgSteps.includes(e)), ...[...tgSteps].reverse()];
    expect(pendingItems(createBeforeDelete).find((item) => item.name === "prod-app-tg")).toEqual(byName("prod-app-tg"));
  });

  it("finds no pending change in the stream of a stack that is in sync", () => {
    expect(pendingItems(recordedEvents("in-sync-preview-refresh"))).toEqual([]);
  });
});

describe("planSteps", () => {
  it("is empty for a stack that is in sync, so detection can stop after one preview", () => {
    expect(planSteps(recordedEvents("in-sync-preview-refresh"))).toEqual([]);
  });

  it("says up would recreate the deleted target group, update what drifted, create the new bucket and replace the load balancer", () => {
    const plan = planSteps(recordedEvents("drift-preview-refresh"));
    expect(plan.map((step) => [resourceNameOf(step.urn), step.op])).toEqual([
      ["prod-bucket-0", "create"],
      ["prod-alb-sg", "update"],
      ["prod-app-tg", "create"],
      ["prod-db-credentials", "update"],
      ["prod-alb", "delete-replaced"],
      ["prod-alb", "replace"],
      ["prod-alb", "create-replacement"],
      ["prod-app-sg", "update"],
    ]);
    expect(plan).toContainEqual({
      urn: fixtureUrn("fixture:index:LoadBalancer", "prod-alb"),
      type: "fixture:index:LoadBalancer",
      op: "replace",
    });
  });

  it("lists each step once even when the engine reports it twice", () => {
    const events = recordedEvents("drift-preview-refresh");
    expect(planSteps([...events, ...events])).toEqual(planSteps(events));
  });
});

describe("managedResourceCount", () => {
  it.each([
    ["in-sync-preview-refresh", 5],
    ["drift-refresh", 5],
    ["pending-preview", 5],
  ] as const)(
    "counts the five deployed fixture resources in %s, without the stack, the provider or resources still to create",
    (name, count) => {
      expect(managedResourceCount(recordedEvents(name))).toBe(count);
    },
  );
});

describe("finalSteps", () => {
  it("takes a resource's outputs event over its pre event", () => {
    const steps = finalSteps(recordedEvents("drift-refresh"));
    expect(steps.get(fixtureUrn("fixture:index:TargetGroup", "prod-app-tg"))?.op).toBe("delete");
    expect(steps.size).toBe(7);
  });

  it("falls back to the pre event when no outputs event came", () => {
    const urn = fixtureUrn("fixture:index:Bucket", "logs");
    const steps = finalSteps([preEvent({ op: "create", urn, type: "fixture:index:Bucket" })]);
    expect(steps.get(urn)?.op).toBe("create");
  });
});

describe("isManaged", () => {
  it.each([
    ["pulumi:pulumi:Stack", false],
    ["pulumi:providers:aws", false],
    ["pulumi:providers:fixture", false],
    ["aws:ec2/securityGroup:SecurityGroup", true],
    ["fixture:index:Bucket", true],
  ] as const)("says %s is managed: %s", (type, managed) => {
    expect(isManaged({ type })).toBe(managed);
  });
});
