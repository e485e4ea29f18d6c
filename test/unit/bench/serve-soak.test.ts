// The serve soak's reading of /metrics and its target row.
import { describe, expect, it } from "vitest";
import { soakTargets } from "../../../bench/render-soak.js";
import { counterSum, type SoakCycle, type SoakResult } from "../../../bench/serve-soak.js";

const metrics = [
  "# HELP drift_reconciler_cycles_total Reconcile cycles by result",
  "# TYPE drift_reconciler_cycles_total counter",
  'drift_reconciler_cycles_total{result="success"} 7',
  'drift_reconciler_cycles_total{result="error"} 2',
  'drift_reconciler_cycles_skipped_total{reason="overlap"} 40',
  'drift_reconciler_heals_total{project="fixture",stack="prod"} 3',
].join("\n");

describe("counterSum", () => {
  it("adds a counter's samples, not those of a longer name that starts the same", () => {
    expect(counterSum(metrics, "drift_reconciler_cycles_total")).toBe(9);
    expect(counterSum(metrics, "drift_reconciler_cycles_total", 'result="error"')).toBe(2);
    expect(counterSum(metrics, "drift_reconciler_heals_total")).toBe(3);
    expect(counterSum("", "drift_reconciler_cycles_total")).toBe(0);
  });
});

const MiB = 1024;
function soak(rss: number[], stacks = 200): SoakResult {
  const cycles: SoakCycle[] = rss.map((r, i) => ({
    cycle: i + 1,
    wallMs: 1000,
    rssKiB: r * MiB,
    fds: 24,
    drifted: false,
  }));
  return {
    stacks,
    resourcesPerStack: 10,
    concurrency: 4,
    driftEvery: 3,
    cyclesAsked: 30,
    cycles,
    errorCycles: 0,
    heals: 9,
    driftsAdded: 9,
    driftsLeft: 0,
    peakRssKiB: Math.max(...rss) * MiB,
  };
}

describe("soakTargets", () => {
  it("meets the target when 30 cycles over 200 stacks stay flat from the 5th cycle", () => {
    const [row] = soakTargets(soak([150, 180, 190, 195, 200, ...Array<number>(25).fill(210)]));
    expect(row?.status).toBe("met");
    expect(row?.measured).toMatch(/200 MiB after cycle 5 → 210 MiB after cycle 30/);
  });

  it("misses it when RSS grows across cycles", () => {
    const rising = Array.from({ length: 30 }, (_, i) => 150 + 4 * i);
    const [row] = soakTargets(soak(rising));
    expect(row?.status).toBe("missed");
    expect(row?.why).toMatch(/grew/);
  });

  it("says a flat run that was smaller than asked is not the target met, and why", () => {
    const [row] = soakTargets(soak(Array<number>(8).fill(200)));
    expect(row?.status).toBe("missed");
    expect(row?.why).toMatch(/200 stacks × 8 cycles, not 200 × 30/);
  });

  it("is not measured without the section", () => {
    expect(soakTargets(undefined)[0]?.status).toBe("not measured");
  });
});
