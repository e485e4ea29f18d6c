// The results of one bench run, as bench/run.ts gathers them and bench/render-results.ts and
// bench/targets.ts read them: the machine, the settings, and each section's result or error.
import type { DeployTimes } from "./bench-stacks.js";
import type { FleetResult } from "./big-fleet.js";
import type { BigStacksResult } from "./big-stacks.js";
import type { StartupResult } from "./cli-startup.js";
import type { DriftCycleResult } from "./drift-cycle.js";
import type { FairResult } from "./fair-baselines.js";
import type { InSyncResult } from "./in-sync-detection.js";
import type { MachineInfo } from "./machine.js";
import type { ManyStacksResult } from "./many-stacks.js";
import type { MemoryResult } from "./memory.js";
import type { ReportBuilderResult } from "./report-builder.js";
import type { SoakResult } from "./serve-soak.js";
import type { BenchSettings } from "./settings.js";

export type SectionOutcome<T> =
  { ok: true; durationMs: number; result: T } | { ok: false; durationMs: number; error: string };

export interface BenchResults {
  machine: MachineInfo & { loadAverageAtEnd: number[] };
  settings: BenchSettings;
  durationMs: number;
  deploys: DeployTimes;
  /** A section BENCH_SECTIONS left out is absent. */
  sections: {
    inSync?: SectionOutcome<InSyncResult>;
    cycle?: SectionOutcome<DriftCycleResult>;
    stacks?: SectionOutcome<ManyStacksResult>;
    memory?: SectionOutcome<MemoryResult>;
    builder?: SectionOutcome<ReportBuilderResult>;
    fair?: SectionOutcome<FairResult>;
    big?: SectionOutcome<BigStacksResult>;
    fleet?: SectionOutcome<FleetResult>;
    startup?: SectionOutcome<StartupResult>;
    soak?: SectionOutcome<SoakResult>;
  };
  /** Sections carried over from earlier runs (a run of some sections keeps the others'). */
  earlier?: EarlierRun[];
}

/** A run whose sections are carried into a later results file. */
export interface EarlierRun {
  machine: BenchResults["machine"];
  settings: BenchResults["settings"];
  durationMs: number;
  sections: Array<keyof BenchResults["sections"]>;
}
