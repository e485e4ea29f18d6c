// How the bench sums a detection's engine time and checks the path it took.
import { describe, expect, it } from "vitest";
import type { DriftReport } from "../../../reconciler/index.js";
import { assertChecks, engineMs } from "../../../bench/commands.js";

const ops = (...list: Array<[string, number]>) => ({
  engineOperations: list.map(([name, durationMs]) => ({ name, durationMs })),
});

describe("engineMs", () => {
  it("adds operations that ran one after the other", () => {
    expect(engineMs([ops(["preview-refresh", 1000], ["preview", 2000])])).toBe(3000);
  });

  it("adds every operation of a detection with drift: the plan's preview, then the plain one where the plan cannot tell", () => {
    expect(engineMs([ops(["preview-refresh", 1000], ["preview --refresh", 3000], ["preview", 2500])])).toBe(6500);
  });

  it("counts operations that ran side by side once, as the time they cover", () => {
    const timed = (...list: Array<[string, number, number]>) => ({
      engineOperations: list.map(([name, startMs, durationMs]) => ({ name, startMs, durationMs })),
    });
    // The refresh preview and a due preview side by side (0–1000, 10–1500), then the plan (1600–2600).
    expect(
      engineMs([timed(["preview-refresh", 0, 1000], ["preview", 10, 1490], ["preview --refresh", 1600, 1000])]),
    ).toBe(2500);
    // One inside another counts as the outer one.
    expect(engineMs([timed(["preview", 0, 2000], ["preview-refresh", 100, 500])])).toBe(2000);
  });

  it("sums over reports", () => {
    expect(engineMs([ops(["preview-refresh", 1000]), ops(["preview-refresh", 1500])])).toBe(2500);
  });
});

describe("assertChecks", () => {
  const report = (pending: "checked" | "cached", names: string[]) =>
    ({ ...ops(...names.map((n): [string, number] => [n, 1])), checks: { pending } }) as unknown as DriftReport;

  it("passes the fast path: cached, one refresh preview", () => {
    expect(() =>
      assertChecks([report("cached", ["preview-refresh"])], "cached", "detect", ["preview-refresh"]),
    ).not.toThrow();
  });

  it("fails when the program ran, naming what it got", () => {
    expect(() =>
      assertChecks([report("checked", ["preview-refresh", "preview"])], "cached", "detect", ["preview-refresh"]),
    ).toThrow(/detect: expected the pending check cached .* got checked and \[preview-refresh, preview\]/);
  });

  it("fails on other operations even when the check is right", () => {
    expect(() => assertChecks([report("cached", ["preview"])], "cached", "detect", ["preview-refresh"])).toThrow(
      /engine operations \[preview-refresh\]/,
    );
  });
});
