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

interface CliDetect {
  wallMs: number;
  engineMs: number;
  reports: DriftReport[];
}

/** `reconciler detect --config … --json [extra…]`; exit 0 (in sync) expected. */
export async function reconcilerDetect(configPath: string, extra: readonly string[] = []): Promise<CliDetect> {
  const run = await runReconciler(["detect", "--config", configPath, "--json", ...extra], [0]);
  const reports = JSON.parse(run.stdout) as DriftReport[];
  return { wallMs: run.wallMs, engineMs: engineMs(reports), reports };
}

interface CliReconcile {
  wallMs: number;
  outcomes: StackOutcome[];
}

export async function reconcilerReconcile(configPath: string): Promise<CliReconcile> {
  const run = await runReconciler(["reconcile", "--config", configPath, "--json"], [0]);
  return { wallMs: run.wallMs, outcomes: JSON.parse(run.stdout) as StackOutcome[] };
}

/**
 * Elapsed time inside engine calls (Automation API operations, each spawning `pulumi`), summed
 * over reports. Operations that ran side by side (a due pending check's preview beside the refresh
 * preview) count once: the time covered by at least one of them.
 */
export function engineMs(reports: readonly Pick<DriftReport, "engineOperations">[]): number {
  return sum(reports.map((r) => coveredMs(r.engineOperations)));
}

function coveredMs(ops: DriftReport["engineOperations"]): number {
  if (ops.some((op) => op.startMs === undefined)) return sum(ops.map((op) => op.durationMs));
  const spans = ops
    .map((op) => [op.startMs ?? 0, (op.startMs ?? 0) + op.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    covered += to - Math.max(from, end);
    end = to;
  }
  return covered;
}

/** Fails unless every report's pending check is `want` and, when given, its engine operations are exactly `ops`. */
export function assertChecks(
  reports: readonly DriftReport[],
  want: "checked" | "cached",
  what: string,
  ops?: readonly string[],
): void {
  for (const r of reports) {
    const names = r.engineOperations.map((op) => op.name);
    const pending = r.checks?.pending ?? "none";
    if (pending !== want || (ops && names.join(",") !== ops.join(","))) {
      throw new Error(
        `${what}: expected the pending check ${want}${ops ? ` and engine operations [${ops.join(", ")}]` : ""}, got ${pending}${r.checks?.why ? ` (${r.checks.why})` : ""} and [${names.join(", ")}]`,
      );
    }
  }
}

export function assertInSync(reports: readonly DriftReport[], what: string): void {
  const bad = reports.filter((r) => r.status !== "in-sync");
  if (bad.length > 0) {
    throw new Error(
      `${what}: expected every stack in sync, got ${bad.map((r) => `${r.status}${r.error ? ` (${r.error})` : ""}`).join(", ")}`,
    );
  }
}

/** `pulumi preview --refresh` on an in-sync stack whose program runs (a YAML project): exit 0, nothing to change. */
export async function barePreviewRefresh(cli: BareCli, stack: BenchStack): Promise<number> {
  const run = expectExit(await runBare(cli, stack, ["preview", "--refresh"]), [0], "pulumi preview --refresh");
  if (/\d+ to (create|update|delete|replace)/.test(run.stdout)) {
    throw new Error(
      `pulumi preview --refresh: expected no changes, the output says otherwise:\n${run.stdout.slice(-800)}`,
    );
  }
  return run.wallMs;
}
