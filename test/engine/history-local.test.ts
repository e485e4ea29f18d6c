// The reconciler remembers, on the real engine with the local trail: a grace period protects a
// change made by hand, a reconciler killed during a heal is reported as interrupted once, the
// stale lock it left makes the stack stuck (with the command that clears it), and
// cancelStaleLocks clears it and heals.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { killedDuringHeal, lockFilesUnder } from "../support/heal-killed.js";
import { trailCycle } from "../support/trail-cycle.js";
import { runCli } from "../support/run-cli.js";

const engine = fixtureLifecycle();

function withPolicy(f: DeployedFixture, policy: Record<string, unknown>): string {
  writeFileSync(f.configPath, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } })));
  return f.configPath;
}

async function cycle(f: DeployedFixture) {
  return (await trailCycle(f.configPath, engine.cli())).outcome;
}

const auditMd = (f: DeployedFixture) => readFileSync(join(f.dir, ".reconciler", "audit.md"), "utf8");
const count = (text: string, what: string) => text.split(what).length - 1;

describe("the grace period", () => {
  it("reports drift first, says when it will heal, and heals once healAfter has passed", async () => {
    const f = await engine.deploy({ prod: {} });
    withPolicy(f, { mode: "heal", healAfter: "2s" });
    addIngressRule(f.cloudDir, "prod-alb-sg");

    const first = await cycle(f);
    expect(first.decision).toMatchObject({ action: "report", guard: "grace-period" });
    expect(first.decision.reason).toMatch(/policy\.healAfter \(2s\) holds the heal until \S+Z/);
    expect(auditMd(f)).toMatch(/holds the heal until/);
    expect(getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).toContainEqual(sshFromAnywhere);

    await new Promise((r) => setTimeout(r, 2_100));
    const second = await cycle(f);
    expect(second.outcome).toBe("healed");
    expect(getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(sshFromAnywhere);
  });
});

describe("a reconciler killed during a heal", () => {
  it("is reported as interrupted once; its stale lock makes the stack stuck; cancelStaleLocks clears it and heals", async () => {
    const f = await engine.deploy({ prod: {} });
    withPolicy(f, { mode: "heal", staleLockAfter: "1s" });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const locks = join(f.dir, "state-prod", ".pulumi", "locks");

    // Killed with its engine and plugins during the heal, as when a container is killed.
    expect(await killedDuringHeal(f.configPath, locks)).not.toEqual([]);
    await new Promise((r) => setTimeout(r, 1_200));

    const stuck = await runCli(["reconcile", "--config", f.configPath]);
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toMatch(/drift-fixture\/prod\s+drifted\s+1\s+0\s+stuck\s+stack locked for/);
    expect(stuck.stdout).toContain(`pulumi cancel --stack prod --yes`);
    expect(count(auditMd(f), "### Heal interrupted")).toBe(1);
    expect(auditMd(f)).toMatch(/### Stack stuck/);

    // Nothing changed: nothing new is said.
    const before = auditMd(f);
    expect((await runCli(["reconcile", "--config", f.configPath])).code).toBe(1);
    expect(count(auditMd(f), "### Heal interrupted")).toBe(1);
    expect(count(auditMd(f), "### Stack stuck")).toBe(count(before, "### Stack stuck"));

    withPolicy(f, { mode: "heal", staleLockAfter: "1s", cancelStaleLocks: true });
    const cleared = await runCli(["reconcile", "--config", f.configPath]);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toMatch(/drift-fixture\/prod\s+drifted\s+1\s+0\s+healed/);
    expect(lockFilesUnder(locks)).toEqual([]);
    expect(auditMd(f)).toMatch(/### Stale lock cleared/);
    expect(getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(sshFromAnywhere);
  });
});
