// The real Pulumi engine against the local fixture cloud: deploy, drift, heal, delete, lock.
import { ConcurrentUpdateError, type PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import {
  addIngressRule,
  deleteResource,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { listRecords } from "../../reconciler/demo/fixture-provider/cloud-store.js";
import { fixtureStack, type FixtureStack } from "../../reconciler/demo/fixture-stack.js";
import { collect, stepsByName } from "../support/engine-events.js";
import { upWhileAnotherRuns } from "../support/concurrent-ups.js";

let cli: PulumiCommand;
let base: string;
let prod: FixtureStack;

beforeAll(async () => {
  cli = await getPulumiCli();
  base = mkdtempSync(join(tmpdir(), "engine-fixture-"));
  prod = await fixtureStack({ env: "prod", baseDir: base, pulumiCommand: cli });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("the real engine on the fixture provider", () => {
  it("up creates every resource of the stack in the local cloud", async () => {
    const result = await prod.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(getResource(prod.cloudDir, "securitygroup", "prod-alb-sg")).toBeDefined();
    expect(getResource(prod.cloudDir, "securitygroup", "prod-app-sg")).toBeDefined();
    expect(getResource(prod.cloudDir, "loadbalancer", "prod-alb")?.["enableDeletionProtection"]).toBe(true);
    expect(getResource(prod.cloudDir, "secret", "prod-db-credentials")).toBeDefined();
  });

  it("previewRefresh reports a security group changed by an out-of-band SSH rule, with the ingress difference", async () => {
    addIngressRule(prod.cloudDir, "prod-alb-sg");
    const { events, onEvent } = collect();
    const result = await prod.stack.previewRefresh({ onEvent });
    expect(result.changeSummary["update"]).toBe(1);
    const step = stepsByName(events).get("prod-alb-sg");
    expect(step?.op).toBe("update");
    expect(step?.old?.outputs["ingress"]).toHaveLength(2);
    expect(step?.new?.outputs["ingress"]).toContainEqual(sshFromAnywhere);
    expect(stepsByName(events).get("prod-app-sg")?.op).toBe("same");
  });

  it("preview with refresh shows the heal plan and up with refresh removes the rule from the cloud", async () => {
    const { events, onEvent } = collect();
    const plan = await prod.stack.preview({ refresh: true, onEvent });
    expect(plan.changeSummary["update"]).toBe(1);
    expect(stepsByName(events).get("prod-alb-sg")?.op).toBe("update");

    await prod.stack.up({ refresh: true });
    const ingress = getResource(prod.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
    expect(ingress).not.toContainEqual(sshFromAnywhere);
    expect(ingress).toHaveLength(2);

    const after = await prod.stack.previewRefresh();
    expect(after.changeSummary["update"] ?? 0).toBe(0);
    expect(after.changeSummary["delete"] ?? 0).toBe(0);
  });

  it("a resource deleted out of band shows as a delete in the refresh preview and up re-creates it", async () => {
    deleteResource(prod.cloudDir, "targetgroup", "prod-app-tg");
    const { events, onEvent } = collect();
    await prod.stack.previewRefresh({ onEvent });
    expect(stepsByName(events).get("prod-app-tg")?.op).toBe("delete");

    const result = await prod.stack.up({ refresh: true });
    expect(result.summary.resourceChanges?.["create"]).toBe(1);
    expect(listRecords(prod.cloudDir, "targetgroup").map((r) => r["name"])).toEqual(["prod-app-tg"]);
  });

  it("an up started while another runs on the same stack fails with ConcurrentUpdateError, and the state stays valid", async () => {
    const second = await fixtureStack({ env: "prod", baseDir: base, pulumiCommand: cli });
    addIngressRule(prod.cloudDir, "prod-alb-sg");
    const [first, other] = await upWhileAnotherRuns(prod.stack, second.stack);
    expect(first.status).toBe("fulfilled");
    expect(other.status === "rejected" ? other.reason : other).toBeInstanceOf(ConcurrentUpdateError);

    const state = await prod.stack.exportStack();
    const resources = (state.deployment as { resources: unknown[] }).resources;
    expect(resources.length).toBeGreaterThan(5);
    const after = await prod.stack.previewRefresh();
    expect(Object.keys(after.changeSummary).filter((op) => op !== "same")).toEqual([]);
    expect(getResource(prod.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(sshFromAnywhere);
  });
});
