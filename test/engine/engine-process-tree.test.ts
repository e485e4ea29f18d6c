// No process outlives its engine, on the real engine: the heal's `up` is caught once its
// provider plugin runs, then its engine is killed from outside, or the whole reconciler dies
// with it, or the reconciler aborts the run itself (as the service does when its shutdown grace is
// over). A few seconds later nothing of that engine is running: not the CLI, not the fixture
// provider, nothing below them.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addIngressRule } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { lockFilesUnder } from "../support/heal-killed.js";
import { descendantsOf, processTable, stillRunning, waitFor, type ProcessEntry } from "../support/process-table.js";
import { trailCycle } from "../support/trail-cycle.js";

const engine = fixtureLifecycle();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The heal's `up` below `root`, once its fixture provider runs: the CLI and everything it started. */
function healingEngine(root: number): { cli: ProcessEntry; tree: ProcessEntry[] } | undefined {
  const table = processTable();
  const cli = descendantsOf(root, table).find((p) => /\/pulumi up /.test(p.cmdline));
  if (!cli) return undefined;
  const tree = descendantsOf(cli.pid, table);
  return tree.some((p) => p.cmdline.includes("fixture-provider")) ? { cli, tree: [cli, ...tree] } : undefined;
}

describe.runIf(process.platform === "linux")("the processes of a heal's engine", () => {
  it("are all gone a few seconds after the engine is killed mid-up", async () => {
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const cycle = trailCycle(f.configPath, engine.cli());
    const up = await waitFor("the heal's up with its provider", () => healingEngine(process.pid));
    // The provider carries its engine call's tag (engine/tree-ending-cli.ts), the same as the CLI.
    const tagOf = (pid: number) =>
      readFileSync(`/proc/${pid}/environ`, "utf8")
        .split("\0")
        .find((e) => e.startsWith("RECONCILER_ENGINE_RUN="));
    const provider = up.tree.find((p) => p.cmdline.includes("fixture-provider"));
    expect(tagOf(up.cli.pid)).toMatch(/^RECONCILER_ENGINE_RUN=[\w-]+$/);
    expect(tagOf(provider?.pid ?? 0)).toBe(tagOf(up.cli.pid));
    process.kill(up.cli.pid, "SIGKILL");

    const { outcome } = await cycle;
    expect(outcome.outcome).toBe("heal-failed");
    await pause(3_000);
    expect(up.tree.length).toBeGreaterThan(1);
    expect(stillRunning(up.tree).map((p) => p.cmdline)).toEqual([]);
  });

  it("end by themselves when the reconciler and its engine die together (the provider exits with its engine)", async () => {
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const proc = spawn(join(repoRoot, "bin", "reconciler"), ["reconcile", "--config", f.configPath], {
      detached: true,
      stdio: "ignore",
    });
    const reconciler = proc.pid ?? 0;
    try {
      const up = await waitFor("the heal's up with its provider", () => healingEngine(reconciler));
      // No reconciler is left to clean up after the engine: what remains must end on its own.
      process.kill(reconciler, "SIGKILL");
      process.kill(up.cli.pid, "SIGKILL");
      await pause(3_000);
      expect(up.tree.filter((p) => p.cmdline.includes("fixture-provider"))).not.toEqual([]);
      expect(stillRunning(up.tree).map((p) => p.cmdline)).toEqual([]);
    } finally {
      try {
        process.kill(-reconciler, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });

  it("are all gone after the reconciler aborts the run itself mid-up, and the stack's lock is released", async () => {
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const stop = new AbortController();
    const config = await loadConfig(f.configPath, {});
    const run = reconcile({ config, env: {}, pulumiCommand: engine.cli(), signal: stop.signal });
    const up = await waitFor("the heal's up with its provider", () => healingEngine(process.pid));
    stop.abort();

    const [outcome] = await run;
    expect(outcome?.outcome).toBe("heal-failed");
    await pause(3_000);
    expect(stillRunning(up.tree).map((p) => p.cmdline)).toEqual([]);
    expect(lockFilesUnder(join(f.dir, "state-prod", ".pulumi", "locks"))).toEqual([]);
  });
});
