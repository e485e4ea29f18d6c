// Section 6: big stacks. The YAML fixture project at N = 1,000 and 2,000 resources:
//   fast path: bare `pulumi refresh --preview-only` vs warm `detectDrift()` (pending record fresh);
//   cycle:     out-of-band drift on d buckets, then the seed-style bare script vs warm `reconcile()`;
//   memory:    `bin/reconciler reconcile` spawned at the largest N with the most drift, its peak RSS;
//   parallel:  the same, detect and reconcile, with each `engine.parallel` asked for (big-parallel.ts);
//   rendering: the Markdown report and the issue body at those sizes (big-rendering.ts).
import { listRecords, writeRecord } from "../reconciler/demo/fixture-provider/cloud-store.js";
import { stackCache, type StackCache } from "../reconciler/engine/stack-cache.js";
import { detectDrift, loadConfig, reconcile, type LoadedConfig, type StackOutcome } from "../reconciler/index.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import type { BenchStack } from "./bench-stacks.js";
import { assertFreshBundle } from "./cli-startup.js";
import { bigParallel, type BigParallelResult } from "./big-parallel.js";
import { renderingAtSizes, type RenderingRow } from "./big-rendering.js";
import {
  assertChecks,
  assertInSync,
  bareRefreshPreview,
  engineMs,
  reconcilerBin,
  runBare,
  type BareCli,
} from "./commands.js";
import { iterate, type Log, type Recorder } from "./iterate.js";
import { isReconcilerNode } from "./memory.js";
import { expectExit, spawnTimed } from "./spawn-timed.js";
import { pairedRatio, summarize, type Summary } from "./stats.js";
import { deployYamlBenchStack } from "./yaml-bench-stack.js";
import { join } from "node:path";

export interface BigComparison {
  bare: Summary;
  library: Summary;
  libraryEngine: Summary;
  libraryToBare: Summary;
  /** The bare script's commands (the cycle only). */
  bareCommands?: Array<{ name: string; durationMs: Summary }>;
  /** The warm call's engine operations. */
  libraryOperations: Array<{ name: string; durationMs: Summary }>;
}

export interface BigSize {
  resources: number;
  deployMs: number;
  /** The first, unmeasured detection (program run, pending record written). */
  firstCheckMs: number;
  fastPath: BigComparison;
  cycles: Array<{ drifted: number } & BigComparison>;
}

export interface BigMemory {
  resources: number;
  drifted: number;
  wallMs: number;
  reconcilerPeakKiB: number;
  treePeakKiB: number;
}

export interface BigStacksResult {
  runs: number;
  sizes: BigSize[];
  memory: BigMemory;
  /** Where rows were carried over from another run, said under the table. */
  notes?: string[];
  /** What `engine.parallel` does at the largest size (absent when no values were asked for). */
  parallel?: BigParallelResult;
  rendering: RenderingRow[];
}

const bucketTag = { owner: "someone-in-the-console" };

/** Out-of-band drift on the first `count` buckets: their tags changed in the cloud. */
export function driftBuckets(cloudDir: string, count: number): string[] {
  const buckets = listRecords(cloudDir, "bucket")
    .map((r) => ({ r, i: Number(/-bucket-(\d+)$/.exec(String(r["name"]))?.[1] ?? Number.NaN) }))
    .filter((b) => b.i < count)
    .map((b) => b.r);
  if (buckets.length !== count) throw new Error(`drift on ${count} buckets: found ${buckets.length} in ${cloudDir}`);
  for (const b of buckets) writeRecord(cloudDir, { ...b, tags: bucketTag });
  return buckets.map((b) => b.id);
}

function stillDrifted(cloudDir: string, ids: readonly string[]): number {
  const byId = new Set(ids);
  return listRecords(cloudDir, "bucket").filter(
    (r) => byId.has(r.id) && JSON.stringify(r["tags"]) === JSON.stringify(bucketTag),
  ).length;
}

export const bigBareCommands = [
  "preview --refresh --expect-no-changes (drift)",
  "up --refresh --yes --skip-preview",
  "preview --refresh --expect-no-changes (in sync)",
] as const;

async function bareCycle(cli: BareCli, stack: BenchStack, rec: Recorder, key: string): Promise<number> {
  const detect = await runBare(cli, stack, ["preview", "--refresh", "--expect-no-changes"]);
  if (detect.code === 0 || !/\d+ to update/.test(detect.stdout))
    throw new Error(
      `bare preview --refresh: expected the drift, got exit ${detect.code}:\n${detect.stdout.slice(-600)}`,
    );
  const up = expectExit(await runBare(cli, stack, ["up", "--refresh", "--yes", "--skip-preview"]), [0], "pulumi up");
  const verify = expectExit(
    await runBare(cli, stack, ["preview", "--refresh", "--expect-no-changes"]),
    [0],
    "pulumi preview --refresh --expect-no-changes (after the heal)",
  );
  const ms = [detect.wallMs, up.wallMs, verify.wallMs];
  ms.forEach((m, i) => rec.add(`${key}:bare:${bigBareCommands[i] ?? i}`, m));
  return ms.reduce((a, b) => a + b, 0);
}

function healed(outcomes: readonly StackOutcome[], stack: BenchStack, ids: readonly string[]): StackOutcome {
  const [outcome] = outcomes;
  if (!outcome || outcome.outcome !== "healed")
    throw new Error(
      `reconcile: expected healed, got ${outcome?.outcome ?? "none"} (${outcome?.decision.reason ?? ""})`,
    );
  const left = stillDrifted(stack.cloudDir, ids);
  if (left > 0) throw new Error(`reconcile reported healed, but ${left} bucket(s) still carry the drift`);
  return outcome;
}

async function measureStack(
  rec: Recorder,
  cli: BareCli,
  stack: BenchStack,
  config: LoadedConfig,
  cache: StackCache,
  drifts: readonly number[],
): Promise<StackOutcome[]> {
  const n = stack.resources;
  rec.add(`${n}:fast:bare`, await bareRefreshPreview(cli, stack, "in-sync"));
  let started = performance.now();
  const fast = await detectDrift({ config, stackCache: cache });
  rec.add(`${n}:fast:library`, performance.now() - started);
  assertInSync(fast, `detectDrift at N=${n}`);
  assertChecks(fast, "cached", `detectDrift at N=${n}`, ["preview-refresh"]);
  rec.add(`${n}:fast:libraryEngine`, engineMs(fast));
  for (const op of fast[0]?.engineOperations ?? []) rec.add(`${n}:fast:op:${op.name}`, op.durationMs);
  const outcomes: StackOutcome[] = [];
  for (const d of drifts) {
    const key = `${n}:cycle-${d}`;
    const ids = driftBuckets(stack.cloudDir, d);
    rec.add(`${key}:bare`, await bareCycle(cli, stack, rec, key));
    driftBuckets(stack.cloudDir, d);
    started = performance.now();
    const outcome = healed(await reconcile({ config, stackCache: cache }), stack, ids);
    rec.add(`${key}:library`, performance.now() - started);
    const ops = [
      ...outcome.report.engineOperations,
      ...(outcome.heal ? [{ name: "heal (up --refresh)", durationMs: outcome.heal.durationMs }] : []),
      ...(outcome.verification?.engineOperations ?? []).map((o) => ({ ...o, name: `verification: ${o.name}` })),
    ];
    for (const op of ops) rec.add(`${key}:op:${op.name}`, op.durationMs);
    rec.add(
      `${key}:libraryEngine`,
      ops.reduce((a, o) => a + o.durationMs, 0),
    );
    outcomes.push(outcome);
  }
  return outcomes;
}

function comparison(rec: Recorder, key: string, cycle: boolean): BigComparison {
  const get = (name: string) => rec.series(`${key}:${name}`);
  const opNames = [
    "preview-refresh",
    "preview --refresh",
    "preview",
    "heal (up --refresh)",
    "verification: preview-refresh",
  ].filter((name) => get(`op:${name}`).length > 0);
  return {
    bare: summarize(get("bare")),
    library: summarize(get("library")),
    libraryEngine: summarize(get("libraryEngine")),
    libraryToBare: pairedRatio(get("library"), get("bare")),
    libraryOperations: opNames.map((name) => ({ name, durationMs: summarize(get(`op:${name}`)) })),
    ...(cycle
      ? { bareCommands: bigBareCommands.map((name) => ({ name, durationMs: summarize(get(`bare:${name}`)) })) }
      : {}),
  };
}

/** `bin/reconciler reconcile` spawned on the stack after drift on `drifted` buckets, its memory sampled. */
async function cliMemory(stack: BenchStack, drifted: number): Promise<BigMemory> {
  assertFreshBundle(repoRoot, "big stacks: memory");
  const ids = driftBuckets(stack.cloudDir, drifted);
  const run = await spawnTimed(reconcilerBin, ["reconcile", "--config", stack.configPath, "--json"], {
    timeoutMs: 900_000,
    sampleMemory: { intervalMs: 100, mainProcess: isReconcilerNode },
  });
  expectExit(run, [0], `reconciler reconcile at N=${stack.resources}`);
  healed(JSON.parse(run.stdout) as StackOutcome[], stack, ids);
  const peak = run.memory?.mainPeakKiB ?? 0;
  if (peak === 0) throw new Error("big stacks: the reconciler's node process was never seen in /proc");
  return {
    resources: stack.resources,
    drifted,
    wallMs: run.wallMs,
    reconcilerPeakKiB: peak,
    treePeakKiB: run.memory?.treePeakKiB ?? 0,
  };
}

export async function bigStacks(
  cli: BareCli,
  root: string,
  opts: {
    sizes: readonly number[];
    drifts: readonly number[];
    runs: number;
    parallels: ReadonlyArray<number | undefined>;
  },
  log: Log,
): Promise<BigStacksResult> {
  const cache = stackCache();
  const stacks: Array<{ stack: BenchStack; config: LoadedConfig; firstCheckMs: number }> = [];
  for (const n of opts.sizes) {
    const stack = await deployYamlBenchStack(cli, join(root, `big-${n}`), n);
    log(`  deployed YAML N=${n} in ${(stack.deployMs / 1000).toFixed(1)} s`);
    const config = await loadConfig(stack.configPath, {});
    const started = performance.now();
    assertInSync(await detectDrift({ config, forcePendingCheck: true, stackCache: cache }), `first check N=${n}`);
    const firstCheckMs = performance.now() - started;
    log(`  first check (program run) N=${n}: ${(firstCheckMs / 1000).toFixed(1)} s`);
    stacks.push({ stack, config, firstCheckMs });
  }
  const lastOutcomes = new Map<number, StackOutcome[]>();
  const rec = await iterate("big stacks", { warmup: 0, runs: opts.runs }, log, async (r) => {
    for (const { stack, config } of stacks) {
      lastOutcomes.set(stack.resources, await measureStack(r, cli, stack, config, cache, opts.drifts));
      const med = (k: string) => `${(summarize(r.series(k)).median / 1000).toFixed(2)} s`;
      log(
        `  N=${stack.resources}: fast bare ${med(`${stack.resources}:fast:bare`)}, warm ${med(`${stack.resources}:fast:library`)}`,
      );
    }
  });
  const sizes = stacks.map(({ stack, firstCheckMs }): BigSize => ({
    resources: stack.resources,
    deployMs: stack.deployMs,
    firstCheckMs,
    fastPath: comparison(rec, `${stack.resources}:fast`, false),
    cycles: opts.drifts.map((d) => ({ drifted: d, ...comparison(rec, `${stack.resources}:cycle-${d}`, true) })),
  }));
  const largest = stacks[stacks.length - 1];
  if (!largest) throw new Error("big stacks: no sizes");
  const memory = await cliMemory(largest.stack, Math.max(...opts.drifts));
  log(`  reconciler reconcile at N=${memory.resources}: peak RSS ${Math.round(memory.reconcilerPeakKiB / 1024)} MiB`);
  const drifted = Math.max(...opts.drifts);
  const driftAndCheck = (stack: BenchStack, count: number) => {
    const ids = driftBuckets(stack.cloudDir, count);
    return { check: (outcome: StackOutcome | undefined) => void healed(outcome ? [outcome] : [], stack, ids) };
  };
  const parallel =
    opts.parallels.length > 0
      ? await bigParallel(largest.stack, { parallels: opts.parallels, drifted }, driftAndCheck, log)
      : undefined;
  const sample = lastOutcomes.get(largest.stack.resources)?.at(-1);
  if (!sample) throw new Error("big stacks: no drift outcome to render");
  const rendering = renderingAtSizes(
    sample,
    [...new Set([100, 1000, 2 * Math.max(...opts.sizes), ...opts.sizes])].sort((a, b) => a - b),
  );
  return { runs: opts.runs, sizes, memory, ...(parallel ? { parallel } : {}), rendering };
}
