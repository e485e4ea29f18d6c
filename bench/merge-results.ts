// A run of some sections (BENCH_SECTIONS) keeps the other sections' results from the previous
// results.json: each carried section keeps the machine, load and settings of the run that measured it. Pure.
import type { BenchResults, EarlierRun } from "./bench-results.js";

type SectionKey = keyof BenchResults["sections"];

const keysOf = (sections: BenchResults["sections"]) =>
  (Object.keys(sections) as SectionKey[]).filter((k) => sections[k] !== undefined);

/** `current` with every section it did not run taken from `previous`, and where each came from. */
export function mergeResults(previous: BenchResults | undefined, current: BenchResults): BenchResults {
  if (!previous) return current;
  const carried = keysOf(previous.sections).filter((k) => current.sections[k] === undefined);
  if (carried.length === 0) return { ...current, earlier: [] };
  const older = previous.earlier ?? [];
  const origin = (k: SectionKey) => older.find((run) => run.sections.includes(k));
  const fromOlder = older
    .map((run) => ({ ...run, sections: run.sections.filter((k) => carried.includes(k)) }))
    .filter((run) => run.sections.length > 0);
  const own = carried.filter((k) => origin(k) === undefined);
  const earlier: EarlierRun[] = [
    ...(own.length > 0
      ? [{ machine: previous.machine, settings: previous.settings, durationMs: previous.durationMs, sections: own }]
      : []),
    ...fromOlder,
  ];
  const sections = { ...current.sections };
  for (const k of carried) Object.assign(sections, { [k]: previous.sections[k] });
  return { ...current, sections, earlier };
}
