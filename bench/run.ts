// The benchmark: `npm run bench` (BENCH_QUICK=1 for a small run). Deploys fixture stacks into a
// temp dir once, measures the sections below against the bare Pulumi CLI, and writes
// bench/results/results.json and bench/results/RESULTS.md. See bench/README.md for the knobs.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mapBounded } from "../reconciler/core/map-bounded.js";
import { cliRoot, getPulumiCli, repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { deployBenchStack, type BenchStack, type DeployTimes } from "./bench-stacks.js";
import { bigFleet } from "./big-fleet.js";
import { bigStacks } from "./big-stacks.js";
import { cliStartup } from "./cli-startup.js";
import type { BareCli } from "./commands.js";
import { driftCycle } from "./drift-cycle.js";
import { fairBaselines } from "./fair-baselines.js";
import { inSyncDetection } from "./in-sync-detection.js";
import { describeMachine } from "./machine.js";
import { manyStacks } from "./many-stacks.js";
import { memoryPeaks } from "./memory.js";
import type { BenchResults, SectionOutcome } from "./bench-results.js";
import { mergeResults } from "./merge-results.js";
import { renderResults } from "./render-results.js";
import { reportBuilder } from "./report-builder.js";
import { benchSettings, type BenchSettings, type SectionName } from "./settings.js";
import { serveSoak } from "./serve-soak.js";
import { summarize } from "./stats.js";
import { deployYamlBenchStack } from "./yaml-bench-stack.js";

const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s`;
const log = (message: string) => process.stderr.write(`[bench ${elapsed()}] ${message}\n`);

/** Fails early, with what to do, when something the measurements rely on is missing. */
async function preflight(): Promise<{ cli: PulumiCommand; bare: BareCli }> {
  if (!existsSync("/proc/self/status"))
    throw new Error("bench: needs Linux /proc (memory is read from /proc/<pid>/status)");
  const binDir = join(cliRoot(), "bin");
  const bin = join(binDir, "pulumi");
  if (!existsSync(bin))
    throw new Error(`bench: the Pulumi CLI is missing (${bin}): run \`npm run setup\` first, or set PULUMI_CLI_ROOT`);
  const cli = await getPulumiCli(); // checks the version against the pin, with a message saying what to do
  const lock = join(repoRoot, "package-lock.json");
  const installed = join(repoRoot, "node_modules", ".package-lock.json");
  if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    throw new Error(
      "bench: node_modules is older than package-lock.json, so bin/reconciler would run `npm ci` inside the measurements: run `npm ci` first",
    );
  }
  return { cli, bare: { bin, binDir } };
}

async function section<T>(name: string, run: () => Promise<T>): Promise<SectionOutcome<T>> {
  const started = performance.now();
  log(`${name}: start`);
  try {
    const result = await run();
    log(`${name}: done`);
    return { ok: true, durationMs: performance.now() - started, result };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${name}: FAILED: ${message}`);
    return { ok: false, durationMs: performance.now() - started, error: message };
  }
}

/** A section BENCH_SECTIONS left out is not run, and absent from the results. */
async function maybe<T>(run: boolean, name: string, body: () => Promise<T>): Promise<SectionOutcome<T> | undefined> {
  if (!run) {
    log(`${name}: not run (BENCH_SECTIONS)`);
    return undefined;
  }
  return section(name, body);
}

async function deployAll(cli: PulumiCommand, bare: BareCli, root: string, s: BenchSettings) {
  const on = (name: SectionName) => s.sections.includes(name);
  const sizes = [...new Set([...(on("insync") ? s.sizes : []), ...(on("cycle") ? [s.cycleSize] : [])])].sort(
    (a, b) => a - b,
  );
  const maxStacks =
    on("stacks") || on("memory")
      ? Math.max(...(on("stacks") ? s.stackCounts : []), ...(on("memory") ? s.memoryStackCounts : []))
      : 0;
  const yamlSizes = on("fair") ? s.sizes : [];
  const jobs = [
    ...sizes.map((n) => ({ dir: join(root, `size-${n}`), resources: n })),
    ...Array.from({ length: maxStacks }, (_, i) => ({
      dir: join(root, `many-${String(i + 1).padStart(2, "0")}`),
      resources: 5,
    })),
  ];
  const yamlJobs = yamlSizes.map((n) => ({ dir: join(root, `yaml-${n}`), resources: n, yaml: true }));
  log(
    `deploying ${jobs.length + yamlJobs.length} fixture stacks (TypeScript: ${sizes.length > 0 ? `${sizes.join(", ")} resources` : "none"}; ${maxStacks} × 5; YAML: ${yamlSizes.join(", ") || "none"}), ${s.deployParallel} at a time`,
  );
  const started = performance.now();
  const deployed = await mapBounded([...jobs, ...yamlJobs], s.deployParallel, async (job) => {
    const stack =
      "yaml" in job
        ? await deployYamlBenchStack(bare, job.dir, job.resources)
        : await deployBenchStack(cli, job.dir, job.resources);
    log(`  deployed ${job.resources} resources in ${(stack.deployMs / 1000).toFixed(1)} s (${job.dir})`);
    return stack;
  });
  const bySize = new Map<number, BenchStack>(deployed.slice(0, sizes.length).map((st) => [st.resources, st]));
  const many = deployed.slice(sizes.length, jobs.length);
  const yaml = deployed.slice(jobs.length);
  const deploys: DeployTimes = {
    wallMs: performance.now() - started,
    parallel: s.deployParallel,
    bySize: sizes.map((n) => ({ resources: n, ms: bySize.get(n)?.deployMs ?? Number.NaN })),
    yamlBySize: yaml.map((st) => ({ resources: st.resources, ms: st.deployMs })),
    smallStacks: { count: many.length, perStack: summarize(many.map((m) => m.deployMs)) },
  };
  return { bySize, many, yaml, deploys };
}

/** The results file this run adds to: a run of some sections (BENCH_SECTIONS) keeps the others' (BENCH_MERGE=0: not). */
function previousResults(s: BenchSettings): BenchResults | undefined {
  const file = join(s.outDir, "results.json");
  if (process.env["BENCH_MERGE"] === "0" || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as BenchResults;
}

async function main(): Promise<number> {
  const settings = benchSettings(process.env, join(repoRoot, "bench", "results"));
  const { cli, bare } = await preflight();
  const root = mkdtempSync(join(tmpdir(), "reconciler-bench-"));
  const cleanup = () => (settings.keepTemp ? log(`kept ${root}`) : rmSync(root, { recursive: true, force: true }));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: removing ${root}`);
      cleanup();
      process.exit(130);
    });
  }
  try {
    log(`${settings.quick ? "QUICK mode: " : ""}warm-up ${settings.warmup}, runs ${settings.runs}; temp dir ${root}`);
    const machine = await describeMachine(bare.bin);
    const { bySize, many, yaml, deploys } = await deployAll(cli, bare, root, settings);
    const counts = { warmup: settings.warmup, runs: settings.runs };
    const sized = settings.sizes.map((n) => bySize.get(n) as BenchStack);
    const on = (name: SectionName) => settings.sections.includes(name);
    const inSync = await maybe(on("insync"), "1. in-sync detection", () => inSyncDetection(bare, sized, counts, log));
    const cycle = await maybe(on("cycle"), "2. drift cycle", () =>
      driftCycle(bare, bySize.get(settings.cycleSize) as BenchStack, counts, log),
    );
    const opts3 = {
      stackCounts: settings.stackCounts,
      concurrencies: settings.concurrencies,
      ...counts,
      configDir: root,
    };
    const stacks = await maybe(on("stacks"), "3. many stacks", () => manyStacks(many, opts3, log));
    const opts4 = {
      stackCounts: settings.memoryStackCounts,
      runs: settings.memoryRuns,
      concurrency: 2,
      configDir: root,
    };
    const memory = await maybe(on("memory"), "4a. memory", () => memoryPeaks(many, opts4, log));
    const builder = await maybe(on("builder"), "4b. report builder", () =>
      reportBuilder({ events: settings.builderEvents, runs: settings.builderRuns }, log),
    );
    const fairOpts = { ...counts, cycleSizes: settings.fairCycleSizes };
    const fair = await maybe(on("fair"), "5. fair baselines", () => fairBaselines(bare, yaml, fairOpts, log));
    const bigOpts = {
      sizes: settings.bigSizes,
      drifts: settings.bigDrifts,
      runs: settings.bigRuns,
      parallels: settings.bigParallels,
    };
    const big = await maybe(on("big"), "6. big stacks", () => bigStacks(bare, root, bigOpts, log));
    const fleetOpts = {
      stacks: settings.fleetStacks,
      resources: settings.fleetResources,
      concurrencies: settings.fleetConcurrencies,
      runs: settings.fleetRuns,
    };
    const fleet = await maybe(on("fleet"), "7. big fleet", () => bigFleet(cli, root, fleetOpts, log));
    const startupOpts = { sizes: settings.startupSizes, ...counts };
    const startup = await maybe(on("startup"), "8. CLI start-up", () => cliStartup(bare, root, startupOpts, log));
    const soakOpts = {
      stacks: settings.soakStacks,
      resources: settings.fleetResources,
      cycles: settings.soakCycles,
      concurrency: settings.soakConcurrency,
      driftEvery: settings.soakDriftEvery,
      maxMinutes: settings.soakMaxMinutes,
    };
    const soak = await maybe(on("soak"), "9. serve over a fleet", () => serveSoak(cli, root, soakOpts, log));
    const results = mergeResults(previousResults(settings), {
      machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      settings,
      durationMs: performance.now() - benchStarted,
      deploys,
      sections: { inSync, cycle, stacks, memory, builder, fair, big, fleet, startup, soak },
    });
    mkdirSync(settings.outDir, { recursive: true });
    writeFileSync(join(settings.outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(settings.outDir, "RESULTS.md"), renderResults(results));
    log(`wrote ${join(settings.outDir, "results.json")} and RESULTS.md in ${(results.durationMs / 1000).toFixed(0)} s`);
    return Object.values(results.sections).every((s) => s === undefined || s.ok) ? 0 : 1;
  } finally {
    cleanup();
  }
}

// process.exit: the Automation API can leave handles open that would keep node alive.
try {
  process.exit(await main());
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
