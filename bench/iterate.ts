// Warm-up then measured runs; samples are kept per series name, warm-ups are thrown away.

export type Log = (message: string) => void;

export interface Recorder {
  /** Records a sample unless this iteration is a warm-up. */
  add(series: string, value: number): void;
  series(name: string): number[];
}

export function recorder(): Recorder & { setWarmup(on: boolean): void } {
  const data = new Map<string, number[]>();
  let warmup = false;
  return {
    setWarmup: (on) => (warmup = on),
    add: (series, value) => {
      if (warmup) return;
      const list = data.get(series) ?? [];
      list.push(value);
      data.set(series, list);
    },
    series: (name) => data.get(name) ?? [],
  };
}

interface Iteration {
  label: string;
  warmup: boolean;
}

/**
 * Runs `body` `warmup` times unrecorded, then `runs` times recorded. Everything one iteration
 * measures runs back to back, so ratios between series are taken within the same run.
 */
export async function iterate(
  label: string,
  counts: { warmup: number; runs: number },
  log: Log,
  body: (rec: Recorder, iteration: Iteration) => Promise<void>,
): Promise<Recorder> {
  const rec = recorder();
  for (let i = 0; i < counts.warmup + counts.runs; i++) {
    const warm = i < counts.warmup;
    rec.setWarmup(warm);
    const name = warm ? `warm-up ${i + 1}/${counts.warmup}` : `run ${i - counts.warmup + 1}/${counts.runs}`;
    const started = performance.now();
    await body(rec, { label: name, warmup: warm });
    log(`${label}: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return rec;
}
