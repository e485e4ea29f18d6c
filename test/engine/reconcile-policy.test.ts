// Policy on the real engine: pending code changes (include / exclude / block), the
// replace and protected-type guards, the mass-deletion guard, and two reconcilers at once.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import {
  addIngressRule,
  changeProperty,
  deleteResource,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import {
  fixtureReconcilerConfig,
  type DeployedFixture,
  type FixtureStackSpec,
} from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();
let fixture: DeployedFixture;

/** Rewrites reconciler.yaml with another prod spec (same deployed stacks). */
function withProdSpec(f: DeployedFixture, spec: FixtureStackSpec): string {
  writeFileSync(f.configPath, stringify(fixtureReconcilerConfig(f.dir, { prod: spec })));
  return f.configPath;
}

async function reconcileProd(f: DeployedFixture) {
  const [outcome] = await reconcile({ config: await loadConfig(f.configPath, {}), pulumiCommand: engine.cli() });
  if (!outcome) throw new Error("no outcome");
  return outcome;
}

describe("pending code changes next to drift", () => {
  async function driftPlusPending(pendingChanges: string): Promise<DeployedFixture> {
    const f = await engine.deploy({ prod: {} });
    withProdSpec(f, { policy: { mode: "heal", pendingChanges } });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    await f.stacks.prod?.stack.setConfig("extraResources", { value: "1" });
    return f;
  }

  it("reports drift and the pending change separately, and exclude heals only the drifted resource", async () => {
    fixture = await driftPlusPending("exclude");
    const outcome = await reconcileProd(fixture);
    expect(outcome.report.status).toBe("drifted+pending");
    expect(outcome.report.drift.map((d) => d.name)).toEqual(["prod-alb-sg"]);
    expect(outcome.report.pending).toEqual([expect.objectContaining({ name: "prod-bucket-0", op: "create" })]);
    expect(outcome.decision).toMatchObject({ action: "heal", targets: [outcome.report.drift[0]?.urn] });
    expect(outcome.outcome).toBe("healed");
    expect(outcome.verification?.status).toBe("pending");
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
      sshFromAnywhere,
    );
    expect(getResource(fixture.cloudDir, "bucket", "prod-bucket-0")).toBeUndefined();
  });

  it("include heals with a full up that also applies the pending change", async () => {
    fixture = await driftPlusPending("include");
    const outcome = await reconcileProd(fixture);
    expect(outcome.decision.action).toBe("heal");
    expect(outcome.outcome).toBe("healed");
    expect(outcome.verification?.status).toBe("in-sync");
    expect(getResource(fixture.cloudDir, "bucket", "prod-bucket-0")).toBeDefined();
  });

  it("block does not heal while code changes are pending", async () => {
    fixture = await driftPlusPending("block");
    const outcome = await reconcileProd(fixture);
    expect(outcome.decision).toMatchObject({ action: "report", guard: "pending-blocked" });
    expect(outcome.outcome).toBe("reported");
    expect(outcome.heal).toBeUndefined();
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).toContainEqual(sshFromAnywhere);
  });
});

describe("guards", () => {
  it("blocks a heal that would replace a resource on a production stack (max replaces 0)", async () => {
    fixture = await engine.deploy({ prod: {} });
    changeProperty(fixture.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    const outcome = await reconcileProd(fixture);
    expect(outcome.report.plan).toContainEqual(
      expect.objectContaining({ type: "fixture:index:LoadBalancer", op: "replace" }),
    );
    expect(outcome.decision).toMatchObject({ action: "report", guard: "max-replaces" });
    expect(getResource(fixture.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(true);
  });

  it("blocks a heal that would replace a protected resource type even when replaces are allowed", async () => {
    fixture = await engine.deploy({ prod: {} });
    withProdSpec(fixture, {
      production: false,
      policy: { mode: "heal", maxReplaces: 5, protectedTypes: ["fixture:index:Load*"] },
    });
    changeProperty(fixture.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    const outcome = await reconcileProd(fixture);
    expect(outcome.decision).toMatchObject({ action: "report", guard: "protected-type" });
    expect(outcome.decision.reason).toContain("prod-alb");
    expect(outcome.outcome).toBe("reported");
  });

  it("never heals when most resources disappeared on refresh, and says credentials look broken", async () => {
    fixture = await engine.deploy({ prod: {} });
    for (const [kind, name] of [
      ["securitygroup", "prod-alb-sg"],
      ["securitygroup", "prod-app-sg"],
      ["loadbalancer", "prod-alb"],
      ["targetgroup", "prod-app-tg"],
    ]) {
      deleteResource(fixture.cloudDir, kind as string, name as string);
    }
    withProdSpec(fixture, { production: false, policy: { mode: "heal", maxDeletes: 50, maxReplaces: 50 } });
    const outcome = await reconcileProd(fixture);
    expect(outcome.report.drift.filter((d) => d.kind === "deleted")).toHaveLength(4);
    expect(outcome.decision).toMatchObject({ action: "report", guard: "mass-deletion" });
    expect(outcome.decision.reason).toMatch(/credentials/);
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")).toBeUndefined();
  });
});

describe("two reconcilers on one stack at once", () => {
  it("one heals, the other is busy; the state stays valid and the heal is not repeated", async () => {
    fixture = await engine.deploy({ prod: {} });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const config = await loadConfig(fixture.configPath, {});
    const [a, b] = await Promise.all([
      reconcile({ config, pulumiCommand: engine.cli() }),
      reconcile({ config, pulumiCommand: engine.cli() }),
    ]);
    const outcomes = [a?.[0], b?.[0]];
    expect(outcomes.map((o) => o?.outcome).sort()).toEqual(["busy", "healed"]);
    const busy = outcomes.find((o) => o?.outcome === "busy");
    expect(busy?.report.status === "busy" || busy?.heal?.failure === "busy").toBe(true);
    expect(outcomes.filter((o) => Object.keys(o?.heal?.changes ?? {}).length > 0)).toHaveLength(1);

    const again = await reconcileProd(fixture);
    expect(again.outcome).toBe("in-sync");
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
      sshFromAnywhere,
    );
  });
});
