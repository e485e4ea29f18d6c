// Steering without GitHub, on the real engine with the local trail: `reconciler hold`, `approve`
// and `resume` (the real CLI) write commands to audit.dir that the next cycle obeys, with the
// same meaning and expiry as commands on the tracking issue, and the trail says who.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import {
  addIngressRule,
  changeProperty,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { runCli } from "../support/run-cli.js";

const engine = fixtureLifecycle();

function healing(f: DeployedFixture): string {
  writeFileSync(f.configPath, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy: { mode: "heal" } } })));
  return f.configPath;
}

async function cycle(f: DeployedFixture) {
  return (await trailCycle(f.configPath, engine.cli())).outcome;
}

const steer = (f: DeployedFixture, ...args: string[]) => runCli([...args, "-c", f.configPath, "--stack", "prod"]);
const auditMd = (f: DeployedFixture) => readFileSync(join(f.dir, ".reconciler", "audit.md"), "utf8");
const ssh = (f: DeployedFixture) => getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];

describe("reconciler hold and resume", () => {
  it("hold stops the heal until it expires; resume ends a hold sooner", async () => {
    const f = await engine.deploy({ prod: {} });
    healing(f);
    addIngressRule(f.cloudDir, "prod-alb-sg");

    // Long enough for the cycle below to start inside it on a busy machine.
    const held = await steer(f, "hold", "--for", "20s", "--reason", "INC-7 debugging", "--by", "ops");
    expect(held.stderr).toBe("");
    expect(held.code).toBe(0);
    const until = /^drift-fixture\/prod: on hold by ops until (\S+Z) \(20s\)/.exec(held.stdout)?.[1];
    expect(until).toBeDefined();
    const first = await cycle(f);
    expect(first.decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "ops" });
    expect(ssh(f)).toContainEqual(sshFromAnywhere);

    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(until ?? "") - Date.now() + 100)));
    const second = await cycle(f);
    expect(second.outcome).toBe("healed");
    expect(ssh(f)).not.toContainEqual(sshFromAnywhere);

    addIngressRule(f.cloudDir, "prod-alb-sg");
    await steer(f, "hold", "--for", "1h", "--by", "ops");
    expect((await cycle(f)).decision).toMatchObject({ guard: "on-hold" });
    const resumed = await steer(f, "resume", "--by", "lead");
    expect(resumed.stdout).toMatch(/healing resumed by lead/);
    expect((await cycle(f)).outcome).toBe("healed");
    const trail = auditMd(f);
    expect(trail).toContain("`ops` (`reconciler hold`) put the heal of `drift-fixture/prod` on hold until");
    expect(trail).toContain("### Healing resumed");
  });

  it("a hold names what is wrong with its duration and writes nothing", async () => {
    const f = await engine.deploy({ prod: {} });
    const bad = await steer(f, "hold", "--for", "forever");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/hold --for: "forever" is not a duration like 30m, 12h or 2d/);
    const unknown = await runCli(["resume", "-c", f.configPath, "--stack", "nope"]);
    expect(unknown.stderr).toMatch(/--stack: no stack "nope" in .*; its stacks are: prod/);
  });
});

describe("reconciler approve", () => {
  it("heals once what maxReplaces blocked; the same drift put back later is blocked again", async () => {
    const f = await engine.deploy({ prod: {} });
    healing(f);
    const nothing = await steer(f, "approve");
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/approve: no drift of drift-fixture\/prod is on record/);

    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    expect((await cycle(f)).decision).toMatchObject({ action: "report", guard: "max-replaces" });
    const approved = await steer(f, "approve", "--by", "lead");
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/lead approved one heal of the drift last recorded \(fingerprint [0-9a-f]{16}\)/);

    const healed = await cycle(f);
    expect(healed.outcome).toBe("healed");
    expect(healed.decision).toMatchObject({ action: "heal", approvedBy: "lead" });
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(false);
    expect(auditMd(f)).toMatch(/Approved by `lead`: `approved by lead: heal/);

    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    const again = await cycle(f);
    expect(again.decision).toMatchObject({ action: "report", guard: "max-replaces" });
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(true);
  });
});
