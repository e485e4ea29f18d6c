// Summaries of repeated timings: median and spread (min..max and the interquartile range).

export interface Summary {
  /** How many samples the summary is over. */
  n: number;
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  samples: number[];
}

/** Linear-interpolated quantile of sorted values (the same rule as numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    samples: [...samples],
  };
}

/**
 * Ratio of two paired series measured in the same run (sample i of `a` next to sample i of `b`):
 * the median of the per-pair ratios and their spread, which is steadier than a ratio of medians
 * when the machine's load drifts during the run.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  return paired(a, b, (x, y) => (y > 0 ? x / y : undefined));
}

export function sum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}

/** Per-pair differences a − b of two series measured in the same run, summarized (e.g. a fixed overhead). */
export function pairedDifference(a: readonly number[], b: readonly number[]): Summary {
  return paired(a, b, (x, y) => x - y);
}

/** `combine` of each pair (a[i], b[i]) present in both series, summarized; undefined leaves a pair out. */
function paired(
  a: readonly number[],
  b: readonly number[],
  combine: (x: number, y: number) => number | undefined,
): Summary {
  const values: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const value = x === undefined || y === undefined ? undefined : combine(x, y);
    if (value !== undefined) values.push(value);
  }
  return summarize(values);
}
