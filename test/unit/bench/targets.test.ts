// The bench's target table: each target met, missed (saying where the time goes) or not measured,
// from the section results; no engine, results built by hand.
import { describe, expect, it } from "vitest";
import type { FairComparison, FairResult, FairSize } from "../../../bench/fair-baselines.js";
import type { BenchResults } from "../../../bench/bench-results.js";
import { pairedDifference, pairedRatio, summarize } from "../../../bench/stats.js";
import { evaluateTargets } from "../../../bench/targets.js";

/** One comparison from per-run samples (ms); the engine time is `engineShare` of the reconciler's. */
function comparison(bare: number[], library: number[], cli: number[], engineShare = 0.9): FairComparison {
  const engine = (xs: number[]) => summarize(xs.map((x) => x * engineShare));
  return {
    bare: summarize(bare),
    library: summarize(library),
    cli: summarize(cli),
    libraryEngine: engine(library),
    cliEngine: engine(cli),
    libraryToBare: pairedRatio(library, bare),
    cliToBare: pairedRatio(cli, bare),
    libraryOverhead: pairedDifference(library, bare),
    cliOverhead: pairedDifference(cli, bare),
    libraryOperations: [{ name: "preview-refresh", durationMs: engine(library) }],
  };
}

function size(resources: number, fast: FairComparison, forced: FairComparison, cycle?: FairComparison): FairSize {
  return { resources, deployMs: 1000, fastPath: fast, forced, ...(cycle ? { cycle } : {}) };
}

function results(fair: FairResult | undefined): BenchResults {
  return {
    sections: fair ? { fair: { ok: true, durationMs: 1, result: fair } } : {},
  } as unknown as BenchResults;
}

const fairResult = (sizes: FairSize[]): FairResult => ({
  startup: summarize([600]),
  bareStartup: summarize([200]),
  bareDriftEvidence: "error: no changes were expected",
  sizes,
});

const row = (rows: ReturnType<typeof evaluateTargets>, start: string) => {
  const found = rows.find((r) => r.target.startsWith(start));
  if (!found) throw new Error(`no target row starting "${start}"`);
  return found;
};

describe("evaluateTargets", () => {
  it("marks the ratio targets met or missed at N≈50 and N=200, and says where a missed one's time goes", () => {
    const fast50 = comparison([2000, 2000], [2400, 2400], [3400, 3400]); // 1.20×, 1.70×
    const fast200 = comparison([5000, 5000], [5800, 5800], [6800, 6800]); // 1.16×, 1.36×
    const forced200 = comparison([8000, 8000], [8400, 8400], [10000, 10000]); // 1.05×
    const rows = evaluateTargets(results(fairResult([size(50, fast50, forced200), size(200, fast200, forced200)])));
    expect(row(rows, "in-sync detection, warm process ≤ 1.25×")).toMatchObject({
      status: "met",
      measured: "1.20× at N=50",
    });
    const missed = row(rows, "in-sync detection, warm process ≤ 1.10×");
    expect(missed).toMatchObject({ status: "missed", measured: "1.16× at N=200" });
    expect(missed.why).toMatch(/engine operations/);
    expect(missed.why).toContain("`preview-refresh`");
    expect(row(rows, "in-sync detection, CLI ≤ 1.8×").status).toBe("met");
    expect(row(rows, "in-sync detection, CLI ≤ 1.4×").status).toBe("met");
    expect(row(rows, "detection with the pending check forced").status).toBe("met");
  });

  it("counts a size within 20 % of 50 as N≈50, and says not measured when no size is near", () => {
    const c = comparison([1000], [1100], [1500]);
    const near = evaluateTargets(results(fairResult([size(45, c, c)])));
    expect(row(near, "in-sync detection, warm process ≤ 1.25×").measured).toBe("1.10× at N=45");
    const far = evaluateTargets(results(fairResult([size(10, c, c)])));
    expect(row(far, "in-sync detection, warm process ≤ 1.25×").status).toBe("not measured");
    expect(row(far, "in-sync detection, CLI ≤ 1.4×").status).toBe("not measured");
  });

  it("checks the drift cycle at every N measured, and names the N where it was missed with the start-up", () => {
    const c = comparison([1000], [1000], [1000]);
    const ok = comparison([9000], [8500], [8900]);
    const slow = comparison([9000], [9500], [12000]);
    const rows = evaluateTargets(results(fairResult([size(10, c, c, ok), size(50, c, c, slow)])));
    const warm = row(rows, "drift cycle, warm process");
    expect(warm.status).toBe("missed");
    expect(warm.measured).toBe("0.94× at N=10, 1.06× at N=50");
    expect(warm.why).toMatch(/^N=50: /);
    expect(row(rows, "drift cycle, CLI").why).toContain("start-up 0.60 s");
  });

  it("finds a fixed overhead that grows with N beyond the allowance", () => {
    const flat10 = comparison([1000], [1200], [2500]);
    const flat200 = comparison([5000], [5300], [6500]); // +0.1 s and +0 s
    const growing200 = comparison([5000], [5800], [6500]); // warm overhead 0.2 s → 0.8 s
    const flat = evaluateTargets(results(fairResult([size(10, flat10, flat10), size(200, flat200, flat200)])));
    expect(row(flat, "fixed overhead").status).toBe("met");
    const grows = evaluateTargets(results(fairResult([size(10, flat10, flat10), size(200, growing200, flat200)])));
    expect(row(grows, "fixed overhead")).toMatchObject({ status: "missed" });
    expect(row(grows, "fixed overhead").why).toContain("fast path warm");
  });

  it("reads the many-stacks and memory targets from sections 3 and 4a, and says when they were not run", () => {
    const none = evaluateTargets(results(undefined));
    expect(none.slice(0, 3).map((r) => r.status)).toEqual(["not measured", "not measured", "not measured"]);
    // The scale sections' targets follow, each not measured and saying its section was not run.
    expect(none).toHaveLength(14);
    expect(row(none, "serve: 30 cycles")).toMatchObject({
      status: "not measured",
      measured: "section 9 not run or failed",
    });
    expect(row(none, "big fleet: open file descriptors")).toMatchObject({
      status: "not measured",
      measured: "section 7 not run or failed",
    });
    const r = {
      sections: {
        stacks: {
          ok: true,
          durationMs: 1,
          result: {
            resourcesPerStack: 5,
            rows: [
              {
                stacks: 16,
                concurrency: 1,
                wall: summarize([32000]),
                engineSum: summarize([30000]),
                speedup: summarize([1]),
              },
              {
                stacks: 16,
                concurrency: 2,
                wall: summarize([20000]),
                engineSum: summarize([38000]),
                speedup: summarize([1.6]),
              },
            ],
          },
        },
        memory: {
          ok: true,
          durationMs: 1,
          result: {
            resourcesPerStack: 5,
            runs: 1,
            sampleIntervalMs: 50,
            rows: [
              {
                stacks: 16,
                concurrency: 2,
                wall: summarize([20000]),
                reconcilerPeakKiB: summarize([200 * 1024]),
                treePeakKiB: summarize([900 * 1024]),
              },
            ],
          },
        },
      },
    } as unknown as BenchResults;
    const rows = evaluateTargets(r);
    const speed = row(rows, "16 stacks at concurrency 2: ≥ 1.8×");
    expect(speed).toMatchObject({ status: "missed", measured: "1.60×" });
    expect(speed.why).toContain("38.00 s at concurrency 2 against 30.00 s one at a time");
    const rss = row(rows, "16 stacks at concurrency 2: peak RSS");
    expect(rss.status).toBe("met");
    expect(rss.measured).toMatch(/^200 MiB/);
  });
});
