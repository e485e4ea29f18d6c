// Section 4b: the report builder (driftItems, pendingItems, planSteps from reconciler/drift-model.ts)
// on a synthesized stream of engine events, each recording in a fresh node process.
import { join } from "node:path";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import type { Log } from "./iterate.js";
import { expectExit, spawnTimed } from "./spawn-timed.js";
import { summarize, type Summary } from "./stats.js";

const builderNames = ["driftItems", "pendingItems", "planSteps"] as const;
export type BuilderName = (typeof builderNames)[number];

/** What report-builder-child.ts prints. */
interface ChildResult {
  recording: string;
  events: number;
  managedResources: number;
  items: Record<BuilderName, number>;
  streamHeapBytes: number;
  coldMs: number;
  times: Record<BuilderName, number[]>;
  memory: { heapAllocatedBytes: number; heapRetainedBytes: number; rssDeltaBytes: number; maxRssDeltaKiB: number };
}

interface BuilderStreamResult extends Omit<ChildResult, "times"> {
  times: Record<BuilderName, Summary>;
  /** All three builders on the stream, per run. */
  total: Summary;
}

export interface ReportBuilderResult {
  runs: number;
  streams: BuilderStreamResult[];
}

/** The recordings: drift-refresh (what the brief asks for) and the two streams the other builders normally read. */
const builderRecordings = ["drift-refresh", "drift-preview-refresh", "pending-preview"] as const;

export async function reportBuilder(opts: { events: number; runs: number }, log: Log): Promise<ReportBuilderResult> {
  const streams: BuilderStreamResult[] = [];
  for (const recording of builderRecordings) {
    const args = [
      "--expose-gc",
      "--import",
      join(repoRoot, "node_modules", "tsx", "dist", "esm", "index.mjs"),
      join(repoRoot, "bench", "report-builder-child.ts"),
    ];
    const run = expectExit(
      await spawnTimed(process.execPath, [...args, String(opts.events), String(opts.runs), recording], {
        cwd: repoRoot,
      }),
      [0],
      `report builder on ${recording}`,
    );
    const [child] = JSON.parse(run.stdout) as ChildResult[];
    if (!child) throw new Error(`report builder on ${recording}: no result`);
    const totals = child.times.driftItems.map(
      (t, i) => t + (child.times.pendingItems[i] ?? 0) + (child.times.planSteps[i] ?? 0),
    );
    const times = Object.fromEntries(builderNames.map((name) => [name, summarize(child.times[name])])) as Record<
      BuilderName,
      Summary
    >;
    streams.push({ ...child, times, total: summarize(totals) });
    log(
      `  report builder on ${child.events} events (${recording} ×): all three ${summarize(totals).median.toFixed(1)} ms median, heap retained ${(child.memory.heapRetainedBytes / 2 ** 20).toFixed(1)} MiB`,
    );
  }
  return { runs: opts.runs, streams };
}
