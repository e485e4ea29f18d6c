// A bench run of some sections keeps the others from the previous results file, each with the run
// that measured it; and the rendering helper's replicated drift.
import { describe, expect, it } from "vitest";
import { scaleDrift } from "../../../bench/big-rendering.js";
import { mergeResults } from "../../../bench/merge-results.js";
import type { BenchResults } from "../../../bench/bench-results.js";
import type { StackOutcome } from "../../../reconciler/index.js";

const ok = (tag: string) => ({ ok: true, durationMs: 1, result: tag });

function run(date: string, sections: Record<string, unknown>, earlier?: BenchResults["earlier"]): BenchResults {
  return {
    machine: { date, loadAverageAtStart: [1], loadAverageAtEnd: [1] },
    settings: { runs: 3 },
    durationMs: 10,
    sections,
    ...(earlier ? { earlier } : {}),
  } as unknown as BenchResults;
}

describe("mergeResults", () => {
  it("keeps the sections this run did not measure, saying which run measured them", () => {
    const previous = run("2026-11-30", { fair: ok("old fair"), inSync: ok("old insync"), big: ok("old big") });
    const merged = mergeResults(previous, run("2026-12-07", { big: ok("new big"), fleet: ok("new fleet") }));
    expect(merged.sections).toEqual({
      fair: ok("old fair"),
      inSync: ok("old insync"),
      big: ok("new big"),
      fleet: ok("new fleet"),
    });
    expect(merged.earlier).toEqual([
      expect.objectContaining({ sections: ["fair", "inSync"], machine: previous.machine }),
    ]);
  });

  it("keeps a carried section's origin through later merges, and drops origins nothing is carried from", () => {
    const first = run("d1", { fair: ok("fair") });
    const second = mergeResults(first, run("d2", { big: ok("big"), fleet: ok("fleet") }));
    const third = mergeResults(second, run("d3", { fleet: ok("fleet 2") }));
    expect(third.earlier?.map((e) => [e.machine.date, e.sections])).toEqual([
      ["d2", ["big"]],
      ["d1", ["fair"]],
    ]);
    const fourth = mergeResults(third, run("d4", { fair: ok("fair 2"), big: ok("big 2") }));
    expect(fourth.earlier?.map((e) => [e.machine.date, e.sections])).toEqual([["d3", ["fleet"]]]);
  });

  it("changes nothing without a previous file", () => {
    const current = run("d1", { big: ok("big") });
    expect(mergeResults(undefined, current)).toBe(current);
  });
});

describe("scaleDrift", () => {
  const item = (name: string) => ({
    urn: `urn:pulumi:prod::p::fixture:index:Bucket::${name}`,
    type: "fixture:index:Bucket",
    name,
    kind: "modified" as const,
    properties: [{ path: "tags", cloud: { a: "1" }, deployed: { a: "2" } }],
  });
  const outcome = { report: { drift: [item("b0"), item("b1")], resourceCount: 10 } } as unknown as StackOutcome;

  it("replicates the drift items to exactly the count, each URN and name unique", () => {
    const scaled = scaleDrift(outcome, 5);
    expect(scaled.report.drift.map((d) => d.name)).toEqual(["b0", "b1", "b0-c1", "b1-c1", "b0-c2"]);
    expect(new Set(scaled.report.drift.map((d) => d.urn)).size).toBe(5);
    expect(scaled.report.resourceCount).toBe(10);
    expect(scaleDrift(outcome, 40).report.resourceCount).toBe(40);
  });

  it("refuses an outcome without drift", () => {
    const none = { report: { drift: [], resourceCount: 1 } } as unknown as StackOutcome;
    expect(() => scaleDrift(none, 3)).toThrow(/no drift items/);
  });
});
