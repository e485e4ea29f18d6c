// Runs in its own node process (started by report-builder.ts with --expose-gc), so heap and
// RSS deltas belong to the report builder alone. Prints one JSON object on stdout.
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { driftItems, pendingItems, planSteps } from "../reconciler/core/drift-model.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { managedUrns, synthesizeStream } from "./synth-events.js";

const builders = { driftItems, pendingItems, planSteps } as const;
type BuilderName = keyof typeof builders;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const collect = gc;

function memory() {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, maxRssKiB: process.resourceUsage().maxRSS };
}

function measureStream(recording: string, total: number, runs: number) {
  const recorded = JSON.parse(
    readFileSync(join(repoRoot, "test", "fixtures", "events", `${recording}.json`), "utf8"),
  ) as EngineEvent[];
  collect();
  const beforeStream = memory();
  const stream = synthesizeStream(recorded, total);
  collect();
  const withStream = memory();
  // First (cold) call of all three, holding the results: the memory they cost.
  const coldStart = performance.now();
  const results = Object.fromEntries(Object.entries(builders).map(([name, build]) => [name, build(stream)])) as Record<
    BuilderName,
    unknown[]
  >;
  const coldMs = performance.now() - coldStart;
  const afterBuild = memory();
  collect();
  const retained = memory();
  const times: Record<BuilderName, number[]> = { driftItems: [], pendingItems: [], planSteps: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, build] of Object.entries(builders) as Array<[BuilderName, (e: EngineEvent[]) => unknown[]]>) {
      const started = performance.now();
      build(stream);
      times[name].push(performance.now() - started);
    }
  }
  return {
    recording,
    events: stream.length,
    managedResources: managedUrns(stream),
    items: Object.fromEntries(Object.entries(results).map(([name, list]) => [name, list.length])),
    streamHeapBytes: withStream.heapUsed - beforeStream.heapUsed,
    coldMs,
    times,
    memory: {
      heapAllocatedBytes: afterBuild.heapUsed - withStream.heapUsed,
      heapRetainedBytes: retained.heapUsed - withStream.heapUsed,
      rssDeltaBytes: afterBuild.rss - withStream.rss,
      maxRssDeltaKiB: afterBuild.maxRssKiB - withStream.maxRssKiB,
    },
  };
}

const [total, runs, ...recordings] = process.argv.slice(2);
const out = recordings.map((r) => measureStream(r, Number(total), Number(runs)));
process.stdout.write(`${JSON.stringify(out)}\n`);
