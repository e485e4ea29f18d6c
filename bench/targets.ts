// The speed and memory targets of the reconciler (issue 20), each checked against the results:
// met, missed (with where the time goes) or not measured (and why).
import type { FairComparison, FairResult, FairSize } from "./fair-baselines.js";
import { mib, seconds, times } from "./format.js";
import type { BenchResults } from "./bench-results.js";
import { soakTargets } from "./render-soak.js";
import { bigStacksTargets, fleetTargets, startupTargets } from "./scale-targets.js";
import { notMeasured, type TargetRow } from "./target-row.js";

export type { TargetRow, TargetStatus } from "./target-row.js";

/** A size counts as "N≈n" within 20 %. */
function near(sizes: readonly FairSize[], n: number): FairSize | undefined {
  return sizes
    .filter((s) => Math.abs(s.resources - n) <= n * 0.2)
    .sort((a, b) => Math.abs(a.resources - n) - Math.abs(b.resources - n))[0];
}

/**
 * Allowed growth of the fixed overhead (reconciler − bare) from the smallest to the largest N
 * before it counts as growing with N: run-to-run noise of one engine call on 2 cores is about this.
 */
const overheadTolerance = 250;

function ops(c: FairComparison): string {
  return c.libraryOperations.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ");
}

/** The bare script's commands with their medians, when the comparison has them. */
function bareParts(c: FairComparison): string {
  const parts = c.bareCommands?.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`);
  return parts && parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** Where a warm library call's time goes, against the bare side (`bareCommands` pulumi runs). */
function libraryWhy(c: FairComparison, bare: string, bareCommands = 1): string {
  const rest = c.library.median - c.libraryEngine.median;
  return `the warm call takes ${seconds(c.library.median)}: ${c.libraryOperations.length} engine operations where ${bare} runs ${bareCommands} command${bareCommands === 1 ? "" : "s"}, ${seconds(c.libraryEngine.median)} in all (${ops(c)}; side-by-side previews counted once), and ${seconds(rest)} around them (config, fingerprinting the program, building the report); ${bare} takes ${seconds(c.bare.median)}${bareParts(c)}, so the engine operations alone are ${times(c.libraryEngine.median / c.bare.median)} the bare side`;
}

/** Where a spawned CLI's time goes: start-up, engine, the rest. */
function cliWhy(c: FairComparison, startup: number, bare: string): string {
  const rest = c.cli.median - c.cliEngine.median - startup;
  return `the CLI takes ${seconds(c.cli.median)}: start-up ${seconds(startup)} (\`reconciler stacks\`: node, modules, config), engine operations ${seconds(c.cliEngine.median)}, the rest ${seconds(rest)} (the version stamp, fingerprinting the program, writing the output); ${bare} takes ${seconds(c.bare.median)}${bareParts(c)}`;
}

function ratioTarget(
  target: string,
  size: FairSize | undefined,
  wanted: string,
  pick: (s: FairSize) => FairComparison | undefined,
  side: "library" | "cli",
  limit: number,
  why: (c: FairComparison) => string,
): TargetRow {
  const c = size ? pick(size) : undefined;
  if (!size || !c || c.bare.n === 0) return notMeasured(target, `no N ${wanted} in this run`);
  const ratio = side === "library" ? c.libraryToBare.median : c.cliToBare.median;
  const met = ratio <= limit;
  return {
    target,
    measured: `${times(ratio)} at N=${size.resources}`,
    status: met ? "met" : "missed",
    ...(met ? {} : { why: why(c) }),
  };
}

function fairTargets(f: FairResult): TargetRow[] {
  const n50 = near(f.sizes, 50);
  const n200 = f.sizes.find((s) => s.resources === 200);
  const startup = f.startup.median;
  const fast = (s: FairSize) => s.fastPath;
  const forced = (s: FairSize) => s.forced;
  const refresh = "the bare `pulumi refresh --preview-only`";
  const rows = [
    ratioTarget(
      "in-sync detection, warm process ≤ 1.25× bare `refresh --preview-only` at N≈50",
      n50,
      "≈50",
      fast,
      "library",
      1.25,
      (c) => libraryWhy(c, refresh),
    ),
    ratioTarget(
      "in-sync detection, warm process ≤ 1.10× bare `refresh --preview-only` at N=200",
      n200,
      "= 200",
      fast,
      "library",
      1.1,
      (c) => libraryWhy(c, refresh),
    ),
    ratioTarget(
      "in-sync detection, CLI ≤ 1.8× bare `refresh --preview-only` at N≈50",
      n50,
      "≈50",
      fast,
      "cli",
      1.8,
      (c) => cliWhy(c, startup, refresh),
    ),
    ratioTarget(
      "in-sync detection, CLI ≤ 1.4× bare `refresh --preview-only` at N=200",
      n200,
      "= 200",
      fast,
      "cli",
      1.4,
      (c) => cliWhy(c, startup, refresh),
    ),
    ratioTarget(
      "detection with the pending check forced, warm process ≤ 1.10× bare `preview --refresh` (YAML) at N=200",
      n200,
      "= 200",
      forced,
      "library",
      1.1,
      (c) => libraryWhy(c, "the bare `pulumi preview --refresh`"),
    ),
  ];
  for (const side of ["library", "cli"] as const) {
    const target = `drift cycle, ${side === "library" ? "warm process" : "CLI"} ≤ 1.0× the seed-style bare script`;
    const cycles = f.sizes.filter((s) => s.cycle && s.cycle.bare.n > 0);
    if (cycles.length === 0) {
      rows.push(notMeasured(target, "no drift cycle in this run"));
      continue;
    }
    const ratio = (c: FairComparison) => (side === "library" ? c.libraryToBare.median : c.cliToBare.median);
    const missed = cycles.filter((s) => ratio(s.cycle as FairComparison) > 1);
    const script = "the bare script";
    rows.push({
      target,
      measured: cycles.map((s) => `${times(ratio(s.cycle as FairComparison))} at N=${s.resources}`).join(", "),
      status: missed.length === 0 ? "met" : "missed",
      ...(missed.length === 0
        ? {}
        : {
            why: missed
              .map((s) => {
                const c = s.cycle as FairComparison;
                return `N=${s.resources}: ${side === "library" ? libraryWhy(c, script, 3) : cliWhy(c, startup, script)}`;
              })
              .join("; "),
          }),
    });
  }
  rows.push(overheadTarget(f));
  return rows;
}

/** The fixed overhead (reconciler − bare) at the largest N against the smallest, per comparison and side. */
function overheadTarget(f: FairResult): TargetRow {
  const target = `fixed overhead per stack (reconciler − bare) does not grow with N (within ${seconds(overheadTolerance)})`;
  const small = f.sizes[0];
  const large = f.sizes[f.sizes.length - 1];
  if (!small || !large || small === large) return notMeasured(target, "only one N in this run");
  const grew: string[] = [];
  const seen: string[] = [];
  for (const part of ["forced", "fastPath", "cycle"] as const) {
    const a = small[part];
    const b = large[part];
    if (!a || !b || a.bare.n === 0 || b.bare.n === 0) continue;
    for (const side of ["library", "cli"] as const) {
      const from = side === "library" ? a.libraryOverhead.median : a.cliOverhead.median;
      const to = side === "library" ? b.libraryOverhead.median : b.cliOverhead.median;
      const label = `${part === "fastPath" ? "fast path" : part} ${side === "library" ? "warm" : "CLI"}`;
      seen.push(`${label} ${seconds(from)} → ${seconds(to)}`);
      if (to - from > overheadTolerance) grew.push(label);
    }
  }
  if (seen.length === 0) return notMeasured(target, "no paired sizes");
  return {
    target,
    measured: `N=${small.resources} → ${large.resources}: ${seen.join("; ")}`,
    status: grew.length === 0 ? "met" : "missed",
    ...(grew.length === 0
      ? {}
      : {
          why: `it grows for ${grew.join(", ")}: see the operation medians in section 5 (a per-resource cost in the reconciler, e.g. reading the engine's events into the report, shows as engine time above the bare command's)`,
        }),
  };
}

export function evaluateTargets(r: BenchResults): TargetRow[] {
  const { fair, stacks, memory } = r.sections;
  const rows: TargetRow[] = [];
  if (fair?.ok) rows.push(...fairTargets(fair.result));
  else
    rows.push(
      notMeasured(
        "in-sync, forced and drift-cycle targets (section 5)",
        fair ? "section 5 failed" : "section 5 not run",
      ),
    );

  const speedTarget = "16 stacks at concurrency 2: ≥ 1.8× speed-up over one at a time";
  const row16 = stacks?.ok ? stacks.result.rows.find((row) => row.stacks === 16 && row.concurrency === 2) : undefined;
  if (!row16)
    rows.push(
      notMeasured(speedTarget, stacks?.ok ? "no K=16 at concurrency 2 in this run" : "section 3 not run or failed"),
    );
  else {
    const met = row16.speedup.median >= 1.8;
    const single = stacks?.ok
      ? stacks.result.rows.find((row) => row.stacks === 16 && row.concurrency === 1)
      : undefined;
    rows.push({
      target: speedTarget,
      measured: times(row16.speedup.median),
      status: met ? "met" : "missed",
      ...(met
        ? {}
        : {
            why: `the engine time summed over the 16 stacks is ${seconds(row16.engineSum.median)} at concurrency 2${single ? ` against ${seconds(single.engineSum.median)} one at a time` : ""}: two engines (and their providers) on 2 cores slow each other down`,
          }),
    });
  }

  const rssTarget = "16 stacks at concurrency 2: peak RSS of the reconciler < 250 MiB";
  const mem16 = memory?.ok ? memory.result.rows.find((row) => row.stacks === 16) : undefined;
  if (!mem16) rows.push(notMeasured(rssTarget, memory?.ok ? "no K=16 in this run" : "section 4a not run or failed"));
  else {
    const peak = mem16.reconcilerPeakKiB.max;
    const met = peak < 250 * 1024;
    rows.push({
      target: rssTarget,
      measured: `${mib(peak)} (highest run; node process VmHWM)`,
      status: met ? "met" : "missed",
      ...(met ? {} : { why: `the whole process tree peaks at ${mib(mem16.treePeakKiB.max)}` }),
    });
  }
  const { big, fleet, startup, soak } = r.sections;
  rows.push(...bigStacksTargets(big?.ok ? big.result : undefined, big ? "section 6 failed" : undefined));
  rows.push(...fleetTargets(fleet?.ok ? fleet.result : undefined, fleet ? "section 7 failed" : undefined));
  rows.push(...startupTargets(startup?.ok ? startup.result : undefined, startup ? "section 8 failed" : undefined));
  rows.push(...soakTargets(soak?.ok ? soak.result : undefined, soak ? "section 9 failed" : undefined));
  return rows;
}
