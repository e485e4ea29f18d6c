// Write pacing: each content-creating request starts at least the spacing after the one before it,
// per client id; the secondary-limit decision waits a bounded number of bounded waits.
import { describe, expect, it } from "vitest";
import { waitsOutSecondaryLimit } from "../../../reconciler/audit/github-client.js";
import { writePacing } from "../../../reconciler/audit/write-pacing.js";

describe("writePacing", () => {
  it("starts writes at least the spacing apart, in order, and returns what each one returns", async () => {
    const pacing = writePacing(40);
    const starts: number[] = [];
    const started = performance.now();
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        pacing.key("a").schedule(
          {},
          (value: number) => {
            starts.push(performance.now() - started);
            return value * 10;
          },
          n,
        ),
      ),
    );
    expect(results).toEqual([10, 20, 30, 40]);
    starts.slice(1).forEach((at, i) => expect(at - (starts[i] ?? 0)).toBeGreaterThanOrEqual(35));
  });

  it("paces each client id on its own and refuses a negative spacing", async () => {
    const pacing = writePacing(10_000);
    await pacing.key("a").schedule({}, () => undefined);
    const started = performance.now();
    await pacing.key("b").schedule({}, () => undefined);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(() => writePacing(-1)).toThrow(/writeSpacingMs must be >= 0/);
  });
});

describe("waitsOutSecondaryLimit", () => {
  it("waits out up to five refusals of up to 120 s by default, and what is configured", () => {
    expect(waitsOutSecondaryLimit(60, 0, {})).toBe(true);
    expect(waitsOutSecondaryLimit(120, 4, {})).toBe(true);
    expect(waitsOutSecondaryLimit(121, 0, {})).toBe(false);
    expect(waitsOutSecondaryLimit(1, 5, {})).toBe(false);
    expect(waitsOutSecondaryLimit(3, 0, { maxRateLimitWaitSeconds: 2 })).toBe(false);
    expect(waitsOutSecondaryLimit(3, 8, { secondaryRetries: 9 })).toBe(true);
  });
});
