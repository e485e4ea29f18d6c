// The two things being compared, as a user runs them: the bare `pulumi` CLI in the project
// dir, and the `reconciler` CLI (bin/reconciler: bash wrapper → scripts/run.sh → tsx → node).
import { join } from "node:path";
import type { DriftReport, StackOutcome } from "../reconciler/index.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { bareCliEnv, type BenchStack } from "./bench-stacks.js";
import { expectExit, spawnTimed, type SpawnOptions, type TimedRun } from "./spawn-timed.js";
import { sum } from "./stats.js";

export const reconcilerBin = join(repoRoot, "bin", "reconciler");
const tenMinutes = 600_000;

export interface BareCli {
  bin: string;
  binDir: string;
}

export async function runBare(cli: BareCli, stack: BenchStack, args: readonly string[]): Promise<TimedRun> {
  return spawnTimed(cli.bin, [...args, "--stack", "prod", "--non-interactive"], {
    cwd: stack.projectDir,
    env: bareCliEnv(stack, cli.binDir),
    timeoutMs: tenMinutes,
  });
}

/** `pulumi version`: the bare CLI's process start-up, the floor under any pulumi command. */
export async function bareVersion(cli: BareCli): Promise<number> {
  const run = await spawnTimed(cli.bin, ["version"], { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  return expectExit(run, [0], "pulumi version").wallMs;
}

/** `pulumi refresh --preview-only`: what the engine would change in the state; needs no program. */
export async function bareRefreshPreview(
  cli: BareCli,
  stack: BenchStack,
  expect: "in-sync" | "drift",
): Promise<number> {
  const run = expectExit(
    await runBare(cli, stack, ["refresh", "--preview-only"]),
    [0],
    "pulumi refresh --preview-only",
  );
  const drift = /\d+ to (update|delete)/.test(run.stdout);
  if (drift !== (expect === "drift")) {
    throw new Error(
      `pulumi refresh --preview-only: expected ${expect}, the output says otherwise:\n${run.stdout.slice(-800)}`,
    );
  }
  return run.wallMs;
}

/** Runs a bare command that is expected to fail, and returns its error line (the evidence). */
export async function bareFailure(cli: BareCli, stack: BenchStack, args: readonly string[]): Promise<string> {
  const run = await runBare(cli, stack, args);
  if (run.code === 0) return `unexpectedly succeeded (exit 0 in ${Math.round(run.wallMs)} ms)`;
  const line = `${run.stdout}\n${run.stderr}`.split("\n").find((l) => /error:/.test(l));
  return (line ?? run.stderr.trim().split("\n").pop() ?? `exit ${run.code}`).trim();
}

export async function runReconciler(
  args: readonly string[],
  expected: readonly number[],
  opts: SpawnOptions = {},
): Promise<TimedRun> {
  const run = await spawnTimed(reconcilerBin, args, { timeoutMs: tenMinutes, ...opts });
  return expectExit(run, expected, `reconciler ${args.join(" ")}`);
}

export interface CliDetect {
  wallMs: number;
  engineMs: number;
  reports: DriftReport[];
}

/** `reconciler detect --config … --json`; exit 0 (in sync) expected. */
export async function reconcilerDetect(configPath: string): Promise<CliDetect> {
  const run = await runReconciler(["detect", "--config", configPath, "--json"], [0]);
  const reports = JSON.parse(run.stdout) as DriftReport[];
  return { wallMs: run.wallMs, engineMs: engineMs(reports), reports };
}

export interface CliReconcile {
  wallMs: number;
  outcomes: StackOutcome[];
}

export async function reconcilerReconcile(configPath: string): Promise<CliReconcile> {
  const run = await runReconciler(["reconcile", "--config", configPath, "--json"], [0]);
  return { wallMs: run.wallMs, outcomes: JSON.parse(run.stdout) as StackOutcome[] };
}

/** The two attribution previews of a detection with changes run side by side. */
const parallelOps = new Set(["preview-refresh", "preview"]);

/**
 * Elapsed time inside engine calls (Automation API operations, each spawning `pulumi`), summed
 * over reports; the two side-by-side previews count once, as the longer of the two.
 */
export function engineMs(reports: readonly Pick<DriftReport, "engineOperations">[]): number {
  return sum(
    reports.map((r) => {
      const serial = r.engineOperations.filter((op) => !parallelOps.has(op.name)).map((op) => op.durationMs);
      const side = r.engineOperations.filter((op) => parallelOps.has(op.name)).map((op) => op.durationMs);
      return sum(serial) + (side.length > 0 ? Math.max(...side) : 0);
    }),
  );
}

export function assertInSync(reports: readonly DriftReport[], what: string): void {
  const bad = reports.filter((r) => r.status !== "in-sync");
  if (bad.length > 0) {
    throw new Error(
      `${what}: expected every stack in sync, got ${bad.map((r) => `${r.status}${r.error ? ` (${r.error})` : ""}`).join(", ")}`,
    );
  }
}
