// The bench's section and size knobs.
import { describe, expect, it } from "vitest";
import { benchSettings, sectionNames } from "../../../bench/settings.js";

describe("benchSettings", () => {
  it("runs every section by default, and the fair drift cycle at every size", () => {
    const s = benchSettings({}, "/out");
    expect(s.sections).toEqual([...sectionNames]);
    expect(s.fairCycleSizes).toEqual([10, 50, 200]);
  });

  it("takes BENCH_SECTIONS in any order, keeping the bench's order", () => {
    expect(benchSettings({ BENCH_SECTIONS: "fair, insync" }, "/out").sections).toEqual(["insync", "fair"]);
  });

  it("refuses an unknown section, naming the knob and the names it takes", () => {
    expect(() => benchSettings({ BENCH_SECTIONS: "fair,fast" }, "/out")).toThrow(
      /BENCH_SECTIONS: unknown section\(s\) fast; expected some of insync, cycle/,
    );
  });

  it("refuses a fair cycle size that is not among the sizes", () => {
    expect(benchSettings({ BENCH_QUICK: "1" }, "/out").fairCycleSizes).toEqual([10]);
    expect(() => benchSettings({ BENCH_SIZES: "10,50", BENCH_FAIR_CYCLE_SIZES: "200" }, "/out")).toThrow(
      /BENCH_FAIR_CYCLE_SIZES: 200 not in BENCH_SIZES/,
    );
  });
});

describe("benchSettings: the scale sections", () => {
  it("defaults to N = 1,000 and 2,000 with drift on 1 and 100, 200 stacks × 10 at concurrency 1, 2, 4", () => {
    const s = benchSettings({}, "/out");
    expect([s.bigSizes, s.bigDrifts, s.fleetStacks, s.fleetResources, s.fleetConcurrencies]).toEqual([
      [1000, 2000],
      [1, 100],
      200,
      10,
      [1, 2, 4],
    ]);
    expect(s.startupSizes).toEqual([50, 200]);
  });

  it("has small quick sizes, and each section selectable", () => {
    const s = benchSettings({ BENCH_QUICK: "1", BENCH_SECTIONS: "startup,big" }, "/out");
    expect(s.sections).toEqual(["big", "startup"]);
    expect([s.bigSizes, s.bigDrifts, s.fleetStacks, s.startupSizes]).toEqual([[20, 40], [1, 5], 6, [10]]);
  });

  it("tries engine.parallel unset, 1, 8 and 64 by default; takes a list with `default`, or `none`", () => {
    expect(benchSettings({}, "/out").bigParallels).toEqual([undefined, 1, 8, 64]);
    expect(benchSettings({ BENCH_BIG_PARALLEL: "4, default" }, "/out").bigParallels).toEqual([4, undefined]);
    expect(benchSettings({ BENCH_BIG_PARALLEL: "none" }, "/out").bigParallels).toEqual([]);
    expect(() => benchSettings({ BENCH_BIG_PARALLEL: "0" }, "/out")).toThrow(/BENCH_BIG_PARALLEL: expected positive/);
  });

  it("refuses more drifted buckets than the smallest big stack has", () => {
    expect(() => benchSettings({ BENCH_BIG_SIZES: "50,2000", BENCH_BIG_DRIFTS: "1,100" }, "/out")).toThrow(
      /BENCH_BIG_DRIFTS: 100 more than the 45 bucket\(s\) of the smallest big stack/,
    );
    expect(() => benchSettings({ BENCH_FLEET_RESOURCES: "3" }, "/out")).toThrow(
      /BENCH_FLEET_RESOURCES: expected an integer >= 5/,
    );
  });
});
