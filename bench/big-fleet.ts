// Section 7: a big fleet. K stacks × R resources (TypeScript fixture), all in sync with fresh pending
// records, detected by `detectDrift()` in one fresh node process per concurrency (fleet-child.ts, bundled):
// total time, time per stack, the reconciler's time around the engine per stack, RSS after each
// finished stack and its peak, and open file descriptors before and after the cycle.
// One stack is deployed; the others are copies of it (project, file backend, local cloud): the same
// state a deploy would leave, without K deploys.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { build } from "esbuild";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { detectDrift, loadConfig } from "../reconciler/index.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { deployBenchStack, writeMultiStackConfig, type BenchStack } from "./bench-stacks.js";
import { assertInSync } from "./commands.js";
import type { Log } from "./iterate.js";
import { expectExit, spawnTimed } from "./spawn-timed.js";
import { summarize, type Summary } from "./stats.js";

/** What fleet-child.ts prints. */
interface ChildRun {
  stacks: number;
  concurrency: number;
  wallMs: number;
  notInSync: string[];
  programRuns: number;
  engineMs: number[];
  reportMs: number[];
  rssBaseline: number;
  rssAtDone: number[];
  peakRss: number;
  vmHwmKiB: number;
  fdBaseline: number;
  fdsRightAfter: number;
  fdsAfter: number;
  leftoverFds: string[];
}

export interface FleetRow {
  concurrency: number;
  wall: Summary;
  /** wall / K. */
  perStack: Summary;
  /** Per stack: its report's duration − its engine time (the reconciler's own work), medians per run. */
  overheadPerStack: Summary;
  enginePerStack: Summary;
  /** Bytes; the last run's values. */
  rssBaseline: number;
  /** RSS after the 1st, 10th, 20th, 50th, 100th, … and last finished stack (1-based positions). */
  rssAt: Array<{ stack: number; rss: number }>;
  peakRss: number;
  vmHwmKiB: number;
  fdBaseline: number;
  fdsRightAfter: number;
  fdsAfter: number;
  leftoverFds: string[];
  programRuns: number;
}

export interface FleetResult {
  stacks: number;
  resourcesPerStack: number;
  deployMs: number;
  copyMs: number;
  firstCheckMs: number;
  runs: number;
  rows: FleetRow[];
}

/**
 * `first` and `count − 1` copies of it (project, file backend, local cloud) in `root/<prefix>-NNN`:
 * the state a deploy would leave, without the deploys.
 */
export function copyFleet(first: BenchStack, root: string, prefix: string, count: number): BenchStack[] {
  const stacks: BenchStack[] = [first];
  for (let i = 2; i <= count; i++) {
    const dir = join(root, `${prefix}-${String(i).padStart(3, "0")}`);
    cpSync(first.dir, dir, { recursive: true });
    stacks.push({
      ...first,
      dir,
      projectDir: join(dir, "project"),
      cloudDir: join(dir, "cloud"),
      backendUrl: `file://${join(dir, "state-prod")}`,
      configPath: join(dir, "reconciler.yaml"),
    });
  }
  return stacks;
}

/** 1-based positions at which RSS is shown: 1, 10, 20, 50, then every 50, and the last. */
export function rssPositions(total: number): number[] {
  const marks = [1, 10, 20, 50];
  for (let k = 100; k < total; k += 50) marks.push(k);
  return [...new Set([...marks.filter((k) => k <= total), total])];
}

/** fleet-child.ts bundled like the CLI (npm packages external), so the child runs plain JavaScript as the CLI does. */
async function bundleChild(): Promise<string> {
  const outfile = join(repoRoot, "dist", "bench", "fleet-child.mjs");
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, "bench", "fleet-child.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

async function fleetRun(script: string, configPath: string, concurrency: number): Promise<ChildRun> {
  const args = [script, configPath, String(concurrency)];
  const run = expectExit(
    await spawnTimed(process.execPath, args, { cwd: repoRoot, timeoutMs: 1_800_000 }),
    [0],
    `fleet cycle at concurrency ${concurrency}`,
  );
  const child = JSON.parse(run.stdout) as ChildRun;
  if (child.notInSync.length > 0)
    throw new Error(`fleet cycle at concurrency ${concurrency}: ${child.notInSync.slice(0, 3).join("; ")}`);
  return child;
}

function row(concurrency: number, runs: readonly ChildRun[]): FleetRow {
  const last = runs[runs.length - 1] as ChildRun;
  const perRun = (f: (r: ChildRun) => number) => summarize(runs.map(f));
  const medianOf = (xs: number[]) => summarize(xs).median;
  return {
    concurrency,
    wall: perRun((r) => r.wallMs),
    perStack: perRun((r) => r.wallMs / r.stacks),
    overheadPerStack: perRun((r) => medianOf(r.reportMs.map((ms, i) => ms - (r.engineMs[i] ?? 0)))),
    enginePerStack: perRun((r) => medianOf(r.engineMs)),
    rssBaseline: last.rssBaseline,
    rssAt: rssPositions(last.rssAtDone.length).map((k) => ({ stack: k, rss: last.rssAtDone[k - 1] ?? Number.NaN })),
    peakRss: Math.max(...runs.map((r) => r.peakRss)),
    vmHwmKiB: Math.max(...runs.map((r) => r.vmHwmKiB)),
    fdBaseline: last.fdBaseline,
    fdsRightAfter: last.fdsRightAfter,
    fdsAfter: last.fdsAfter,
    leftoverFds: last.leftoverFds,
    programRuns: Math.max(...runs.map((r) => r.programRuns)),
  };
}

export async function bigFleet(
  cli: PulumiCommand,
  root: string,
  opts: { stacks: number; resources: number; concurrencies: readonly number[]; runs: number },
  log: Log,
): Promise<FleetResult> {
  const first = await deployBenchStack(cli, join(root, "fleet-001"), opts.resources);
  const copyStarted = performance.now();
  const stacks = copyFleet(first, root, "fleet", opts.stacks);
  const copyMs = performance.now() - copyStarted;
  log(`  deployed 1 stack of ${opts.resources} in ${(first.deployMs / 1000).toFixed(1)} s, copied ${opts.stacks - 1}`);
  const configPath = writeMultiStackConfig(join(root, "fleet.yaml"), stacks, Math.max(...opts.concurrencies));
  // The first check of every stack runs its program and writes its pending record: measured cycles take the fast path.
  const started = performance.now();
  assertInSync(
    await detectDrift({ config: await loadConfig(configPath, {}), forcePendingCheck: true }),
    "fleet first check",
  );
  const firstCheckMs = performance.now() - started;
  log(`  fleet first check (programs run): ${(firstCheckMs / 1000).toFixed(1)} s`);
  const child = await bundleChild();
  const rows: FleetRow[] = [];
  for (const concurrency of opts.concurrencies) {
    const runs: ChildRun[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const run = await fleetRun(child, configPath, concurrency);
      runs.push(run);
      log(
        `  fleet c=${concurrency} run ${i + 1}/${opts.runs}: ${(run.wallMs / 1000).toFixed(1)} s, peak RSS ${Math.round(run.peakRss / 2 ** 20)} MiB, fds ${run.fdBaseline} → ${run.fdsAfter}`,
      );
    }
    rows.push(row(concurrency, runs));
  }
  return {
    stacks: opts.stacks,
    resourcesPerStack: opts.resources,
    deployMs: first.deployMs,
    copyMs,
    firstCheckMs,
    runs: opts.runs,
    rows,
  };
}
