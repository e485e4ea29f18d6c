// Section 6, part: what `stacks[].engine.parallel` does at the largest big-stack size. For each
// value, `bin/reconciler detect --json` (in sync, the fast path) and then `reconcile --json` after
// drift on d buckets are spawned with the stack's config given that setting; wall time and memory
// (the reconciler's node process and the whole tree, where the engine's processes live) are sampled.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";
import type { DriftReport, StackOutcome } from "../reconciler/index.js";
import type { BenchStack } from "./bench-stacks.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { assertFreshBundle } from "./cli-startup.js";
import { reconcilerBin } from "./commands.js";
import type { Log } from "./iterate.js";
import { isReconcilerNode } from "./memory.js";
import { expectExit, spawnTimed, type TimedRun } from "./spawn-timed.js";

export interface ParallelRun {
  wallMs: number;
  /** The engine operations' own time, from the report. */
  engineMs: number;
  reconcilerPeakKiB: number;
  treePeakKiB: number;
}

export interface ParallelRow {
  /** `engine.parallel`; undefined: unset, the engine's own default. */
  parallel: number | undefined;
  detect: ParallelRun;
  reconcile: ParallelRun & { drifted: number };
}

export interface BigParallelResult {
  resources: number;
  rows: ParallelRow[];
}

/** The stack's reconciler.yaml with `engine.parallel` set (or left out), written beside it. */
function configWithParallel(stack: BenchStack, parallel: number | undefined): string {
  const config = parse(readFileSync(stack.configPath, "utf8")) as { stacks: Array<Record<string, unknown>> };
  const stacks = config.stacks.map((s) => (parallel === undefined ? s : { ...s, engine: { parallel } }));
  const path = join(dirname(stack.configPath), `reconciler-parallel-${parallel ?? "default"}.yaml`);
  writeFileSync(path, stringify({ ...config, stacks }));
  return path;
}

function measured(run: TimedRun, engineMs: number): ParallelRun {
  const reconcilerPeakKiB = run.memory?.mainPeakKiB ?? 0;
  if (reconcilerPeakKiB === 0)
    throw new Error("engine.parallel: the reconciler's node process was never seen in /proc");
  return { wallMs: run.wallMs, engineMs, reconcilerPeakKiB, treePeakKiB: run.memory?.treePeakKiB ?? 0 };
}

const sampled = { timeoutMs: 1_800_000, sampleMemory: { intervalMs: 100, mainProcess: isReconcilerNode } };
const opsMs = (ops: ReadonlyArray<{ durationMs: number }>) => ops.reduce((a, o) => a + o.durationMs, 0);

async function detectWith(configPath: string, parallel: number | undefined): Promise<ParallelRun> {
  const run = expectExit(
    await spawnTimed(reconcilerBin, ["detect", "--config", configPath, "--json"], sampled),
    [0],
    `reconciler detect (engine.parallel ${parallel ?? "unset"})`,
  );
  const reports = JSON.parse(run.stdout) as DriftReport[];
  return measured(run, opsMs(reports.flatMap((r) => r.engineOperations)));
}

async function reconcileWith(
  configPath: string,
  parallel: number | undefined,
  drift: () => { check: (outcome: StackOutcome | undefined) => void },
): Promise<ParallelRun> {
  const { check } = drift();
  const run = expectExit(
    await spawnTimed(reconcilerBin, ["reconcile", "--config", configPath, "--json"], sampled),
    [0],
    `reconciler reconcile (engine.parallel ${parallel ?? "unset"})`,
  );
  const [outcome] = JSON.parse(run.stdout) as StackOutcome[];
  check(outcome);
  const ops = [
    ...(outcome?.report.engineOperations ?? []),
    ...(outcome?.verification?.engineOperations ?? []),
    ...(outcome?.heal ? [{ durationMs: outcome.heal.durationMs }] : []),
  ];
  return measured(run, opsMs(ops));
}

export async function bigParallel(
  stack: BenchStack,
  opts: { parallels: ReadonlyArray<number | undefined>; drifted: number },
  drift: (stack: BenchStack, count: number) => { check: (outcome: StackOutcome | undefined) => void },
  log: Log,
): Promise<BigParallelResult> {
  const rows: ParallelRow[] = [];
  for (const parallel of opts.parallels) {
    assertFreshBundle(repoRoot, "engine.parallel");
    const configPath = configWithParallel(stack, parallel);
    const detect = await detectWith(configPath, parallel);
    const reconcile = await reconcileWith(configPath, parallel, () => drift(stack, opts.drifted));
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    log(
      `  engine.parallel ${parallel ?? "unset"} at N=${stack.resources}: detect ${s(detect.wallMs)}, reconcile (${opts.drifted} drifted) ${s(reconcile.wallMs)}, tree peak ${Math.round(reconcile.treePeakKiB / 1024)} MiB`,
    );
    rows.push({ parallel, detect, reconcile: { ...reconcile, drifted: opts.drifted } });
  }
  return { resources: stack.resources, rows };
}
