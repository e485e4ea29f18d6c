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
