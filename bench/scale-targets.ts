// The scale targets (big stacks, big fleets, the CLI's start-up), each checked against the results:
// met, missed (with where the time or memory goes) or not measured (and why). Pure.
import type { BigComparison, BigStacksResult } from "./big-stacks.js";
import type { FleetResult } from "./big-fleet.js";
import type { StartupResult } from "./cli-startup.js";
import { mib, millis, seconds, times } from "./format.js";
import { notMeasured, type TargetRow } from "./target-row.js";

/** RSS may rise this much from the 20th to the last stack and still count as flat (GC timing). */
export const rssGrowthTolerance = 16 * 2 ** 20;
/** Time per drifted resource at the largest count may be this many times that at the smallest: linear. */
export const linearTolerance = 1.5;

const mibOf = (bytes: number) => mib(bytes / 1024);

function ops(c: BigComparison): string {
  return c.libraryOperations.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ");
}

function bareParts(c: BigComparison): string {
  return (c.bareCommands ?? []).map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ");
}

function ratioRow(target: string, limit: number, cases: Array<{ label: string; c: BigComparison }>): TargetRow {
  if (cases.length === 0) return notMeasured(target, "not in this run");
  const missed = cases.filter(({ c }) => c.libraryToBare.median > limit);
  return {
    target,
    measured: cases.map(({ label, c }) => `${times(c.libraryToBare.median)} ${label}`).join(", "),
    status: missed.length === 0 ? "met" : "missed",
    ...(missed.length === 0
      ? {}
      : {
          why: missed
            .map(
              ({ label, c }) =>
                `${label}: the warm call takes ${seconds(c.library.median)}, ${seconds(c.libraryEngine.median)} of it in engine operations (${ops(c)}) and ${seconds(c.library.median - c.libraryEngine.median)} around them; the bare side takes ${seconds(c.bare.median)}${c.bareCommands ? ` (${bareParts(c)})` : ""}`,
            )
            .join("; "),
        }),
  };
}

export function bigStacksTargets(r: BigStacksResult | undefined, why = "section 6 not run or failed"): TargetRow[] {
  const fastTarget =
    "big stacks: in-sync detection, warm process ≤ 1.10× bare `refresh --preview-only` at N = 1,000 and 2,000";
  const cycleTarget =
    "big stacks: drift cycle (drift on 1 and on 100 resources), warm process ≤ 1.05× the seed-style bare script";
  const rssTarget = "big stacks: peak RSS of `reconciler reconcile` < 400 MiB at N = 2,000";
  const linearTarget = `big stacks: Markdown report and issue body rendering linear in the drifted resources (per-resource time within ${linearTolerance}×)`;
  if (!r) return [fastTarget, cycleTarget, rssTarget, linearTarget].map((t) => notMeasured(t, why));
  const rows = [
    ratioRow(
      fastTarget,
      1.1,
      r.sizes.map((s) => ({ label: `at N=${s.resources}`, c: s.fastPath })),
    ),
    ratioRow(
      cycleTarget,
      1.05,
      r.sizes.flatMap((s) => s.cycles.map((c) => ({ label: `at N=${s.resources}, drift on ${c.drifted}`, c }))),
    ),
  ];
  if (r.memory.resources < 2000) rows.push(notMeasured(rssTarget, `largest N in this run is ${r.memory.resources}`));
  else {
    const met = r.memory.reconcilerPeakKiB < 400 * 1024;
    rows.push({
      target: rssTarget,
      measured: `${mib(r.memory.reconcilerPeakKiB)} (node process VmHWM, drift on ${r.memory.drifted})`,
      status: met ? "met" : "missed",
      ...(met ? {} : { why: `the whole process tree peaks at ${mib(r.memory.treePeakKiB)}` }),
    });
  }
  rows.push(linearRow(linearTarget, r));
  return rows;
}

/**
 * Per drifted resource, at the largest count against 1,000 (or the smallest count when the run has no
 * two at 1,000 and above), for the Markdown and the issue body. Below 1,000 a render takes a
 * millisecond or less, its strings fit the young generation and the per-resource time says more
 * about the garbage collector than about the renderer.
 */
function linearRow(target: string, r: BigStacksResult): TargetRow {
  const large1k = r.rendering.filter((row) => row.driftedResources >= 1000);
  const small = large1k.length >= 2 ? large1k[0] : r.rendering[0];
  const large = r.rendering[r.rendering.length - 1];
  if (!small || !large || small === large) return notMeasured(target, "one count only");
  const per = (ms: number, k: number) => ms / k;
  const parts = [
    { name: "Markdown", a: small.markdown.median, b: large.markdown.median },
    { name: "issue body", a: small.issueBody.median, b: large.issueBody.median },
  ].map((p) => ({ ...p, growth: per(p.b, large.driftedResources) / per(p.a, small.driftedResources) }));
  const bad = parts.filter((p) => p.growth > linearTolerance);
  return {
    target,
    measured: parts
      .map(
        (p) =>
          `${p.name} ${millis(p.a)} at ${small.driftedResources} → ${millis(p.b)} at ${large.driftedResources} (per resource ×${p.growth.toFixed(2)})`,
      )
      .join("; "),
    status: bad.length === 0 ? "met" : "missed",
    ...(bad.length === 0
      ? {}
      : { why: `${bad.map((p) => p.name).join(" and ")} grow faster than the drifted resources` }),
  };
}

export function fleetTargets(r: FleetResult | undefined, why = "section 7 not run or failed"): TargetRow[] {
  const rssTarget = "big fleet: 200 stacks × 10 in one process, peak RSS < 300 MiB at concurrency 1, 2 and 4";
  const flatTarget = `big fleet: RSS does not grow from the 20th to the last stack (within ${mibOf(rssGrowthTolerance)})`;
  const fdTarget = "big fleet: open file descriptors back to the baseline after the cycle";
  if (!r) return [rssTarget, flatTarget, fdTarget].map((t) => notMeasured(t, why));
  const size = r.stacks >= 200 ? "" : ` (${r.stacks} stacks in this run)`;
  const over = r.rows.filter((row) => row.peakRss >= 300 * 2 ** 20);
  const growth = r.rows.map((row) => {
    const at20 = row.rssAt.find((a) => a.stack === 20)?.rss;
    const last = row.rssAt[row.rssAt.length - 1]?.rss;
    return { row, delta: at20 === undefined || last === undefined ? undefined : last - at20 };
  });
  const grown = growth.filter((g) => g.delta !== undefined && g.delta > rssGrowthTolerance);
  const leaks = r.rows.filter((row) => row.fdsAfter > row.fdBaseline);
  return [
    {
      target: rssTarget,
      measured: `${r.rows.map((row) => `${mibOf(row.peakRss)} at c=${row.concurrency}`).join(", ")}${size}`,
      status: over.length === 0 ? "met" : "missed",
      ...(over.length === 0
        ? {}
        : {
            why: `RSS before the cycle (modules and config loaded) is ${over.map((row) => mibOf(row.rssBaseline)).join(", ")}`,
          }),
    },
    growth.every((g) => g.delta === undefined)
      ? notMeasured(flatTarget, `fewer than 20 stacks (${r.stacks})`)
      : {
          target: flatTarget,
          measured: growth
            .map(
              (g) =>
                `${g.delta === undefined ? "—" : `${g.delta >= 0 ? "+" : ""}${mibOf(g.delta)}`} at c=${g.row.concurrency}`,
            )
            .join(", "),
          status: grown.length === 0 ? "met" : "missed",
          ...(grown.length === 0 ? {} : { why: "see the RSS after each stack in section 7" }),
        },
    {
      target: fdTarget,
      measured: r.rows.map((row) => `${row.fdBaseline} → ${row.fdsAfter} at c=${row.concurrency}`).join(", "),
      status: leaks.length === 0 ? "met" : "missed",
      ...(leaks.length === 0
        ? {}
        : {
            why: `left open: ${leaks
              .flatMap((row) => row.leftoverFds)
              .slice(0, 8)
              .join(", ")}`,
          }),
    },
  ];
}

/** The CLI's in-sync detect split: engine operations, start-up (with the engine modules when measured), the rest. */
function detectWhy(r: StartupResult, s: StartupResult["sizes"][number]): string {
  const start = r.engineStartup
    ? {
        ms: r.engineStartup.median,
        what: "start-up with the engine modules (`detect` refused a stack not in the config: node, the bundle, the Automation API, the config)",
      }
    : { ms: r.stacks.median, what: "start-up (`reconciler stacks`)" };
  const rest = s.cli.median - s.cliEngine.median - start.ms;
  return `the CLI takes ${seconds(s.cli.median)}: engine operations ${seconds(s.cliEngine.median)}, ${start.what} ${seconds(start.ms)}, the rest ${seconds(rest)} (outside the engine calls: opening the stack, the lock and leftover-process checks, the journal and the output); the bare command takes ${seconds(s.bare.median)}`;
}

export function startupTargets(r: StartupResult | undefined, why = "section 8 not run or failed"): TargetRow[] {
  const quick = "CLI start-up: `reconciler --version` and `reconciler stacks` ≤ 0.25 s";
  const t50 = "CLI start-up: in-sync `detect` by the CLI ≤ 1.3× bare `refresh --preview-only` at N≈50";
  const t200 = "CLI start-up: in-sync `detect` by the CLI ≤ 1.2× bare `refresh --preview-only` at N=200";
  if (!r) return [quick, t50, t200].map((t) => notMeasured(t, why));
  const slow = r.version.median > 250 || r.stacks.median > 250;
  const rows: TargetRow[] = [
    {
      target: quick,
      measured: `--version ${seconds(r.version.median)}, stacks ${seconds(r.stacks.median)}`,
      status: slow ? "missed" : "met",
      ...(slow
        ? {
            why: `Node.js alone (\`node -e ""\`) takes ${seconds(r.nodeFloor.median)} and the wrapper bin/reconciler goes through (\`scripts/run.sh\`: bash, Node 22 on PATH, the lock file's hash) ${seconds(r.wrapper.median)}; the rest of \`--version\` (${seconds(Math.max(0, r.version.median - r.nodeFloor.median - r.wrapper.median))}) is loading the bundle and reading the pinned versions; \`pulumi version\` alone takes ${seconds(r.bareVersion.median)}`,
          }
        : {}),
    },
  ];
  for (const [target, n, limit, near] of [
    [t50, 50, 1.3, 10],
    [t200, 200, 1.2, 0],
  ] as const) {
    const s = r.sizes.find((x) => Math.abs(x.resources - n) <= near);
    if (!s) {
      rows.push(notMeasured(target, `no N ${near > 0 ? "≈" : "="}${n} in this run`));
      continue;
    }
    const met = s.cliToBare.median <= limit;
    rows.push({
      target,
      measured: `${times(s.cliToBare.median)} at N=${s.resources}`,
      status: met ? "met" : "missed",
      ...(met
        ? {}
        : {
            why: detectWhy(r, s),
          }),
    });
  }
  return rows;
}
