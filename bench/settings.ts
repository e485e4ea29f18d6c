// Benchmark settings from the environment. Defaults are the full run; BENCH_QUICK=1 is a
// small run for development; single knobs override either.

/** The sections, by the names BENCH_SECTIONS takes. */
export const sectionNames = [
  "insync",
  "cycle",
  "stacks",
  "memory",
  "builder",
  "fair",
  "big",
  "fleet",
  "startup",
  "soak",
] as const;
export type SectionName = (typeof sectionNames)[number];

export interface BenchSettings {
  quick: boolean;
  /** The sections to run (BENCH_SECTIONS; default all). */
  sections: SectionName[];
  warmup: number;
  runs: number;
  /** Managed resources per stack for the in-sync detection section. */
  sizes: number[];
  /** Resources of the stack in the drift-cycle section. */
  cycleSize: number;
  /** Sizes (of `sizes`) whose YAML stack also runs the drift cycle in the fair baselines. */
  fairCycleSizes: number[];
  /** Stack counts for the many-stacks section (5 resources each). */
  stackCounts: number[];
  concurrencies: number[];
  /** Stack counts whose spawned `detect` is measured for peak memory. */
  memoryStackCounts: number[];
  memoryRuns: number;
  /** Engine events in the synthesized stream for the report builder. */
  builderEvents: number;
  builderRuns: number;
  /** Big stacks: YAML fixture sizes, out-of-band drift counts, measured runs. */
  bigSizes: number[];
  bigDrifts: number[];
  bigRuns: number;
  /** `engine.parallel` values tried at the largest big size (undefined: unset, the engine's default). */
  bigParallels: Array<number | undefined>;
  /** Big fleet: stacks, resources per stack, concurrencies, measured runs per concurrency. */
  fleetStacks: number;
  fleetResources: number;
  fleetConcurrencies: number[];
  fleetRuns: number;
  /** CLI start-up: YAML sizes at which the CLI's in-sync `detect` is compared with the bare command. */
  startupSizes: number[];
  /** serve over a fleet: stacks (× fleetResources), cycles, concurrency, a drift added every this many cycles. */
  soakStacks: number;
  soakCycles: number;
  soakConcurrency: number;
  soakDriftEvery: number;
  soakMaxMinutes: number;
  /** Deploy this many stacks at once while setting up. */
  deployParallel: number;
  keepTemp: boolean;
  outDir: string;
}

function intList(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined || value.trim() === "") return fallback;
  const list = value.split(",").map((v) => Number(v.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name}: expected comma-separated positive integers (got "${value}")`);
  return list;
}

function int(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected an integer >= ${min} (got "${value}")`);
  return n;
}

/** BENCH_BIG_PARALLEL: comma-separated positive integers and `default` (the setting left unset); `none` runs none. */
function parallelList(value: string | undefined, fallback: string[]): Array<number | undefined> {
  const items = value === undefined || value.trim() === "" ? fallback : value.split(",").map((v) => v.trim());
  if (items.length === 1 && items[0] === "none") return [];
  return items.map((item) => {
    if (item === "default") return undefined;
    const n = Number(item);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`BENCH_BIG_PARALLEL: expected positive integers, "default" or "none" (got "${value}")`);
    return n;
  });
}

function sectionList(value: string | undefined): SectionName[] {
  if (value === undefined || value.trim() === "") return [...sectionNames];
  const list = value.split(",").map((v) => v.trim());
  const unknown = list.filter((v) => !(sectionNames as readonly string[]).includes(v));
  if (unknown.length > 0 || list.length === 0)
    throw new Error(
      `BENCH_SECTIONS: unknown section(s) ${unknown.join(", ")}; expected some of ${sectionNames.join(", ")}`,
    );
  return sectionNames.filter((name) => list.includes(name));
}

/** Out-of-band drift goes on buckets: every count must fit the smallest stack's buckets (N − 5). */
function checkDrifts(drifts: readonly number[], sizes: readonly number[]): void {
  const buckets = Math.min(...sizes) - 5;
  const over = drifts.filter((d) => d > buckets);
  if (over.length > 0)
    throw new Error(
      `BENCH_BIG_DRIFTS: ${over.join(", ")} more than the ${buckets} bucket(s) of the smallest big stack (BENCH_BIG_SIZES ${Math.min(...sizes)} − 5)`,
    );
}

export function benchSettings(env: NodeJS.ProcessEnv, defaultOutDir: string): BenchSettings {
  const quick = env["BENCH_QUICK"] === "1";
  const sizes = intList(env["BENCH_SIZES"], quick ? [10] : [10, 50, 200], "BENCH_SIZES");
  const stackCounts = intList(env["BENCH_STACKS"], quick ? [1, 4] : [1, 4, 16], "BENCH_STACKS");
  if (!stackCounts.includes(1)) stackCounts.unshift(1); // the single-stack time is the reference
  const memoryDefault = [1, Math.max(...stackCounts)].filter((k, i, all) => all.indexOf(k) === i);
  const fairCycleSizes = intList(env["BENCH_FAIR_CYCLE_SIZES"], sizes, "BENCH_FAIR_CYCLE_SIZES");
  const strays = fairCycleSizes.filter((n) => !sizes.includes(n));
  if (strays.length > 0)
    throw new Error(`BENCH_FAIR_CYCLE_SIZES: ${strays.join(", ")} not in BENCH_SIZES (${sizes.join(", ")})`);
  const bigSizes = intList(env["BENCH_BIG_SIZES"], quick ? [20, 40] : [1000, 2000], "BENCH_BIG_SIZES");
  const bigDrifts = intList(env["BENCH_BIG_DRIFTS"], quick ? [1, 5] : [1, 100], "BENCH_BIG_DRIFTS");
  checkDrifts(bigDrifts, bigSizes);
  return {
    quick,
    sections: sectionList(env["BENCH_SECTIONS"]),
    warmup: int(env["BENCH_WARMUP"], 1, "BENCH_WARMUP"),
    runs: int(env["BENCH_RUNS"], quick ? 2 : 5, "BENCH_RUNS", 1),
    sizes,
    cycleSize: int(env["BENCH_CYCLE_SIZE"], 10, "BENCH_CYCLE_SIZE", 5),
    fairCycleSizes,
    stackCounts,
    concurrencies: intList(env["BENCH_CONCURRENCY"], [1, 2], "BENCH_CONCURRENCY"),
    memoryStackCounts: intList(env["BENCH_MEMORY_STACKS"], memoryDefault, "BENCH_MEMORY_STACKS"),
    memoryRuns: int(env["BENCH_MEMORY_RUNS"], quick ? 1 : 2, "BENCH_MEMORY_RUNS", 1),
    builderEvents: int(env["BENCH_EVENTS"], 10_000, "BENCH_EVENTS", 100),
    builderRuns: int(env["BENCH_BUILDER_RUNS"], quick ? 5 : 15, "BENCH_BUILDER_RUNS", 1),
    bigSizes,
    bigDrifts,
    bigRuns: int(env["BENCH_BIG_RUNS"], quick ? 1 : 2, "BENCH_BIG_RUNS", 1),
    bigParallels: parallelList(env["BENCH_BIG_PARALLEL"], quick ? ["default", "2"] : ["default", "1", "8", "64"]),
    fleetStacks: int(env["BENCH_FLEET_STACKS"], quick ? 6 : 200, "BENCH_FLEET_STACKS", 1),
    fleetResources: int(env["BENCH_FLEET_RESOURCES"], 10, "BENCH_FLEET_RESOURCES", 5),
    fleetConcurrencies: intList(env["BENCH_FLEET_CONCURRENCY"], quick ? [1, 2] : [1, 2, 4], "BENCH_FLEET_CONCURRENCY"),
    fleetRuns: int(env["BENCH_FLEET_RUNS"], 1, "BENCH_FLEET_RUNS", 1),
    startupSizes: intList(env["BENCH_STARTUP_SIZES"], quick ? [10] : [50, 200], "BENCH_STARTUP_SIZES"),
    soakStacks: int(env["BENCH_SOAK_STACKS"], quick ? 4 : 200, "BENCH_SOAK_STACKS", 1),
    soakCycles: int(env["BENCH_SOAK_CYCLES"], quick ? 4 : 30, "BENCH_SOAK_CYCLES", 2),
    soakConcurrency: int(env["BENCH_SOAK_CONCURRENCY"], quick ? 2 : 4, "BENCH_SOAK_CONCURRENCY", 1),
    soakDriftEvery: int(env["BENCH_SOAK_DRIFT_EVERY"], quick ? 2 : 5, "BENCH_SOAK_DRIFT_EVERY", 1),
    soakMaxMinutes: int(env["BENCH_SOAK_MINUTES"], 240, "BENCH_SOAK_MINUTES", 1),
    deployParallel: int(env["BENCH_DEPLOY_PARALLEL"], 2, "BENCH_DEPLOY_PARALLEL", 1),
    keepTemp: env["BENCH_KEEP"] === "1",
    outDir: env["BENCH_OUT"] ?? defaultOutDir,
  };
}
