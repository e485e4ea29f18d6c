// A lock whose holder is provably gone, on the real engine: a reconciler killed during a heal's
// `up` leaves the stack's lock behind; the next cycle, with a new drift, says at once that the
// stack is stuck, who held it and the exact command that clears it (not "busy" until
// policy.staleLockAfter passes), and that command, run as given, lets the following cycle heal.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { cliRoot } from "../../reconciler/engine/pulumi-cli.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { killedDuringHeal, lockFilesUnder } from "../support/heal-killed.js";
import { trailCycle } from "../support/trail-cycle.js";

const engine = fixtureLifecycle();
const rdpFromAnywhere = { protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] };

describe("a lock whose holder is gone", () => {
  it("makes the next cycle with a new drift stuck at once, naming the holder and the command that clears it", async () => {
    // policy.staleLockAfter stays at its default (30m): the verdict does not wait for it.
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const left = await killedDuringHeal(f.configPath, join(f.dir, "state-prod", ".pulumi", "locks"));
    expect(left).toHaveLength(1);
    const held = JSON.parse(readFileSync(left[0] ?? "", "utf8")) as { pid: number };

    addIngressRule(f.cloudDir, "prod-alb-sg", rdpFromAnywhere);
    const { outcome } = await trailCycle(f.configPath, engine.cli());
    expect(outcome.report.status).toBe("drifted");
    expect(outcome.outcome).toBe("stuck");
    expect(outcome.heal?.staleLock?.pid).toBe(held.pid);
    const command = `cd ${f.stacks.prod?.target.workDir} && PULUMI_BACKEND_URL=file://${join(f.dir, "state-prod")} pulumi cancel --stack prod --yes`;
    expect(outcome.heal?.error).toContain(`(pid ${held.pid})`);
    expect(outcome.heal?.error).toContain("that process is no longer running on this host");
    expect(outcome.heal?.error).toContain(`clear the lock: ${command}`);
    expect(readFileSync(join(f.dir, ".reconciler", "audit.md"), "utf8")).toContain("no longer running on this host");

    // The command as the reconciler gave it clears the lock; the next cycle heals both changes.
    const path = `${join(cliRoot(), "bin")}:${process.env["PATH"] ?? ""}`;
    execFileSync("sh", ["-c", command], { env: { ...process.env, PATH: path }, stdio: "ignore" });
    expect(lockFilesUnder(join(f.dir, "state-prod", ".pulumi", "locks"))).toEqual([]);
    const healed = await trailCycle(f.configPath, engine.cli());
    expect(healed.outcome.outcome).toBe("healed");
    const ingress = getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
    expect(ingress).not.toContainEqual(sshFromAnywhere);
    expect(ingress).not.toContainEqual(rdpFromAnywhere);
  });
});
