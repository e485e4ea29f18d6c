// Section 4a: peak memory of `reconciler detect` on 1 and K stacks, spawned as a user runs it.
// bin/reconciler is bash → scripts/run.sh → exec node running dist/reconciler/cli/main.js (or the sources through tsx),
// which spawns `pulumi` per engine call, which starts the provider plugin (node). So three views:
// - /usr/bin/time -v "Maximum resident set size": the largest single process of the whole tree;
// - VmHWM of the node process running the CLI (polled from /proc);
// - the highest sum of VmRSS over the tree at one instant (the reconciler, pulumi, providers).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeMultiStackConfig, type BenchStack } from "./bench-stacks.js";
import { assertInSync, reconcilerBin } from "./commands.js";
import type { Log } from "./iterate.js";
import { expectExit, spawnTimed } from "./spawn-timed.js";
import { summarize, type Summary } from "./stats.js";
import type { DriftReport } from "../reconciler/index.js";

const gnuTime = "/usr/bin/time";

interface MemoryRow {
  stacks: number;
  concurrency: number;
  wall: Summary;
  /** KiB; absent when /usr/bin/time is not installed. */
  timeMaxRssKiB?: Summary;
  reconcilerPeakKiB: Summary;
  treePeakKiB: Summary;
}

export interface MemoryResult {
  resourcesPerStack: number;
  runs: number;
  sampleIntervalMs: number;
  gnuTime: boolean;
  rows: MemoryRow[];
}

/** The node process that runs the reconciler (tsx's child, with tsx's loader), not the tsx launcher. */
// The compiled CLI (dist/reconciler/cli/main.js) or, when dist/ is stale, the sources through tsx.
export const isReconcilerNode = (cmdline: string) => /reconciler\/cli\/main\.(js|ts)/.test(cmdline);

export async function memoryPeaks(
  stacks: readonly BenchStack[],
  opts: { stackCounts: number[]; runs: number; concurrency: number; configDir: string },
  log: Log,
): Promise<MemoryResult> {
  const sampleIntervalMs = 100;
  const useTime = existsSync(gnuTime);
  const rows: MemoryRow[] = [];
  for (const k of opts.stackCounts) {
    const config = writeMultiStackConfig(
      join(opts.configDir, `memory-${k}-stacks.yaml`),
      stacks.slice(0, k),
      opts.concurrency,
    );
    const args = ["detect", "--config", config, "--json"];
    const wall: number[] = [];
    const time: number[] = [];
    const main: number[] = [];
    const tree: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const [command, commandArgs] = useTime ? [gnuTime, ["-v", reconcilerBin, ...args]] : [reconcilerBin, args];
      const run = await spawnTimed(command, commandArgs, {
        sampleMemory: { intervalMs: sampleIntervalMs, mainProcess: isReconcilerNode },
      });
      expectExit(run, [0], `reconciler detect on ${k} stacks`);
      assertInSync(JSON.parse(run.stdout) as DriftReport[], `reconciler detect on ${k} stacks`);
      const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
      if (useTime && maxRss) time.push(Number(maxRss));
      wall.push(run.wallMs);
      main.push(run.memory?.mainPeakKiB ?? 0);
      tree.push(run.memory?.treePeakKiB ?? 0);
      const mib = (kib: number | undefined) => `${Math.round((kib ?? 0) / 1024)} MiB`;
      log(
        `  memory K=${k} run ${i + 1}/${opts.runs}: ${(run.wallMs / 1000).toFixed(1)} s, reconciler node ${mib(run.memory?.mainPeakKiB)}, tree ${mib(run.memory?.treePeakKiB)}${maxRss ? `, /usr/bin/time ${mib(Number(maxRss))}` : ""}`,
      );
    }
    if (main.some((v) => v === 0))
      throw new Error(
        `memory K=${k}: the reconciler's node process was never seen in /proc (did bin/reconciler change?)`,
      );
    rows.push({
      stacks: k,
      concurrency: opts.concurrency,
      wall: summarize(wall),
      ...(time.length > 0 ? { timeMaxRssKiB: summarize(time) } : {}),
      reconcilerPeakKiB: summarize(main),
      treePeakKiB: summarize(tree),
    });
  }
  return { resourcesPerStack: stacks[0]?.resources ?? 0, runs: opts.runs, sampleIntervalMs, gnuTime: useTime, rows };
}
