// `pendingChanges: exclude` keeps its promise on the real engine: a drifted resource whose code
// also changed is left alone and named (healing it would deploy the new code), the rest of the
// drift is healed, and the verification catches a heal that deployed a pending change anyway.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../reconciler/core/decision.js";
import type { decide } from "../../reconciler/core/policy.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile, type RunOptions } from "../../reconciler/engine/run-stacks.js";
import { changeProperty, deleteResource, getResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

/** prod deployed with appPort 8080, then 9090 set in its stack config and not deployed. */
async function deployedWithPendingPort(): Promise<DeployedFixture> {
  const f = await engine.deploy({ prod: {} });
  writeFileSync(
    f.configPath,
    stringify(fixtureReconcilerConfig(f.dir, { prod: { policy: { mode: "heal", pendingChanges: "exclude" } } })),
  );
  await f.stacks.prod?.stack.setConfig("appPort", { value: "9090" });
  return f;
}

async function reconcileProd(f: DeployedFixture, extra: Partial<RunOptions> = {}) {
  const config = await loadConfig(f.configPath, {});
  const [outcome] = await reconcile({ config, pulumiCommand: engine.cli(), ...extra });
  if (!outcome) throw new Error("no outcome");
  return outcome;
}

describe("drift and a pending code change on the same resource, with pending changes excluded", () => {
  it("leaves a deleted resource whose code changed alone, heals the rest, and says which and why", async () => {
    const f = await deployedWithPendingPort();
    deleteResource(f.cloudDir, "targetgroup", "prod-app-tg");
    // The load balancer's code does not depend on the app port: its drift can be healed alone.
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "tags", { Owner: "eve" });

    const outcome = await reconcileProd(f);
    const albUrn = outcome.report.drift.find((d) => d.name === "prod-alb")?.urn;
    expect(outcome.decision).toMatchObject({
      action: "heal",
      targets: [albUrn],
      overlap: [expect.objectContaining({ name: "prod-app-tg", drift: "deleted", pendingPaths: ["port"] })],
    });
    // The app port also changes the security groups' rules: three pending changes, none deployed.
    expect(outcome.decision.reason).toMatch(/leaving 3 pending changes alone/);
    expect(outcome.decision.reason).toMatch(/not healing prod-app-tg \(deleted; the code changes port\)/);
    // No pending value reached the cloud: the target group was not recreated with port 9090.
    expect(getResource(f.cloudDir, "targetgroup", "prod-app-tg")).toBeUndefined();
    expect(getResource(f.cloudDir, "securitygroup", "prod-app-sg")?.["ingress"]).not.toContainEqual(
      expect.objectContaining({ fromPort: 9090 }),
    );
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["tags"]).not.toMatchObject({ Owner: "eve" });
    expect(outcome.outcome).toBe("reported");
    expect(outcome.verificationNote).toMatch(/left prod-app-tg \(deleted; the code changes port\) alone/);
    expect(outcome.verification?.pending.map((p) => p.name).sort()).toEqual([
      "prod-alb-sg",
      "prod-app-sg",
      "prod-app-tg",
    ]);
  });

  it("does not heal at all when the only drift is on a resource whose code changed", async () => {
    const f = await deployedWithPendingPort();
    changeProperty(f.cloudDir, "targetgroup", "prod-app-tg", "protocol", "HTTPS");

    const outcome = await reconcileProd(f);
    expect(outcome.decision).toMatchObject({
      action: "report",
      guard: "pending-overlap",
      overlap: [expect.objectContaining({ name: "prod-app-tg", drift: "modified", pendingPaths: ["port"] })],
    });
    expect(outcome.decision.reason).toMatch(/prod-app-tg \(modified; the code changes port\)/);
    expect(outcome.heal).toBeUndefined();
    expect(getResource(f.cloudDir, "targetgroup", "prod-app-tg")).toMatchObject({ protocol: "HTTPS", port: 8080 });
  });

  it("catches, in the verification, a targeted heal that deployed a pending change", async () => {
    const f = await deployedWithPendingPort();
    deleteResource(f.cloudDir, "targetgroup", "prod-app-tg");
    // A policy that targets every drifted resource, overlap or not: what the guard exists to prevent.
    const careless = (...args: Parameters<typeof decide>): Decision => {
      const [report] = args;
      return { action: "heal", reason: "heal every drifted resource", targets: report.drift.map((d) => d.urn) };
    };

    const outcome = await reconcileProd(f, { decide: careless });
    expect(getResource(f.cloudDir, "targetgroup", "prod-app-tg")).toMatchObject({ port: 9090 });
    expect(outcome.outcome).toBe("heal-unverified");
    expect(outcome.verificationNote).toMatch(/the heal deployed pending code changes to prod-app-tg/);
  });
});
