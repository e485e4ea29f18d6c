// Section 3: K in-sync stacks (5 resources each) detected by the library in-process, with
// concurrency 1 and 2, against K × the single-stack time measured in the same run.
import { join } from "node:path";
import { detectDrift, loadConfig, type LoadedConfig } from "../reconciler/index.js";
import { writeMultiStackConfig, type BenchStack } from "./bench-stacks.js";
import { assertInSync, engineMs } from "./commands.js";
import { iterate, type Log } from "./iterate.js";
import { summarize, type Summary } from "./stats.js";

interface ManyStacksRow {
  stacks: number;
  concurrency: number;
  wall: Summary;
  /** Engine time summed over the stacks: grows with concurrency when the cores are saturated. */
  engineSum: Summary;
  /** K × (K=1, concurrency 1 wall of the same run) / wall, per run. */
  speedup: Summary;
  /** Detections per run that ran the program (checks.pending = checked) instead of the fast path. */
  programRuns: Summary;
}

export interface ManyStacksResult {
  resourcesPerStack: number;
  rows: ManyStacksRow[];
}

export async function manyStacks(
  stacks: readonly BenchStack[],
  opts: { stackCounts: number[]; concurrencies: number[]; warmup: number; runs: number; configDir: string },
  log: Log,
): Promise<ManyStacksResult> {
  const configs = new Map<number, LoadedConfig>();
  for (const k of opts.stackCounts) {
    if (k > stacks.length) throw new Error(`many stacks: ${k} stacks asked for, ${stacks.length} deployed`);
    const path = writeMultiStackConfig(join(opts.configDir, `reconciler-${k}-stacks.yaml`), stacks.slice(0, k), 1);
    configs.set(k, await loadConfig(path, {}));
  }
  // One detection of every stack first (unmeasured) writes the pending records: measured runs take the fast path.
  const all = configs.get(Math.max(...opts.stackCounts)) as LoadedConfig;
  assertInSync(await detectDrift({ config: all }), "detectDrift (first check)");
  // Warm-ups run only the single-stack configurations: the process is warm after them.
  const rec = await iterate("many stacks", opts, log, async (r, it) => {
    const line: string[] = [];
    for (const k of opts.stackCounts) {
      if (it.warmup && k !== 1) continue;
      for (const concurrency of opts.concurrencies) {
        const config = { ...(configs.get(k) as LoadedConfig), concurrency };
        const started = performance.now();
        const reports = await detectDrift({ config });
        const wall = performance.now() - started;
        assertInSync(reports, `detectDrift on ${k} stacks`);
        r.add(`${k}:${concurrency}:wall`, wall);
        r.add(`${k}:${concurrency}:engine`, engineMs(reports));
        r.add(`${k}:${concurrency}:checked`, reports.filter((rep) => rep.checks?.pending === "checked").length);
        line.push(`K=${k} c=${concurrency} ${(wall / 1000).toFixed(1)} s`);
      }
    }
    log(`  ${it.label}: ${line.join(", ")}`);
  });
  const single = rec.series("1:1:wall");
  const rows = opts.stackCounts.flatMap((k) =>
    opts.concurrencies.map((concurrency): ManyStacksRow => {
      const wall = rec.series(`${k}:${concurrency}:wall`);
      const speedups = wall.map((w, i) => (k * (single[i] ?? Number.NaN)) / w);
      return {
        stacks: k,
        concurrency,
        wall: summarize(wall),
        engineSum: summarize(rec.series(`${k}:${concurrency}:engine`)),
        speedup: summarize(speedups),
        programRuns: summarize(rec.series(`${k}:${concurrency}:checked`)),
      };
    }),
  );
  return { resourcesPerStack: stacks[0]?.resources ?? 0, rows };
}
