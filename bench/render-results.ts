// results.json → RESULTS.md: tables per section, the method and its caveats, key findings.
import type { DriftCycleResult } from "./drift-cycle.js";
import type { FairComparison, FairResult } from "./fair-baselines.js";
import { cell, mib, mibBytes, millis, ratioCell, seconds, table, times } from "./format.js";
import type { InSyncResult } from "./in-sync-detection.js";
import type { ManyStacksResult } from "./many-stacks.js";
import type { MemoryResult } from "./memory.js";
import { bigStacksSection, fleetSection, scaleFindings, startupSection } from "./render-scale.js";
import { soakSection } from "./render-soak.js";
import type { ReportBuilderResult } from "./report-builder.js";
import { methodNotes } from "./results-notes.js";
import type { BenchResults, EarlierRun, SectionOutcome } from "./bench-results.js";
import { evaluateTargets } from "./targets.js";

function machineSection(r: BenchResults): string {
  const m = r.machine;
  const s = r.settings;
  const rows = [
    ["CPU", m.cpuModel],
    ["cores", String(m.cores)],
    ["memory", `${m.memoryGiB} GiB`],
    ["kernel", m.kernel],
    ["Node.js", m.node],
    ["Pulumi CLI", `${m.pulumiCli} (pinned, with the pinned pulumi-language-yaml; no pulumi-language-nodejs)`],
    ["date", m.date],
    [
      "load average (1, 5, 15 min) at start / end",
      `${m.loadAverageAtStart.join(", ")} / ${m.loadAverageAtEnd.join(", ")}`,
    ],
    [
      "settings",
      `warm-up ${s.warmup}, runs ${s.runs}; sizes ${s.sizes.join(", ")}; stacks ${s.stackCounts.join(", ")}; memory runs ${s.memoryRuns}; sections ${(s.sections ?? []).join(", ")}; fair drift cycle at N = ${(s.fairCycleSizes ?? []).join(", ")}${s.bigSizes ? `; big stacks N = ${s.bigSizes.join(", ")}, drift on ${s.bigDrifts.join(", ")}, runs ${s.bigRuns}; fleet ${s.fleetStacks} × ${s.fleetResources} at concurrency ${s.fleetConcurrencies.join(", ")}, runs ${s.fleetRuns}; start-up sizes ${s.startupSizes.join(", ")}` : ""}`,
    ],
    ["whole bench", seconds(r.durationMs)],
  ];
  const d = r.deploys;
  const deploys = [
    ...d.bySize.map((b) => [`deploy, ${b.resources} resources`, seconds(b.ms)]),
    ...(d.yamlBySize ?? []).map((b) => [`deploy, YAML, ${b.resources} resources (bare \`pulumi up\`)`, seconds(b.ms)]),
    [`deploy, ${d.smallStacks.count} × 5 resources (${d.parallel} at a time)`, `${cell(d.smallStacks.perStack)} each`],
    ["all deploys", seconds(d.wallMs)],
  ];
  return `## Machine\n\n${table(["", ""], [...rows, ...deploys])}\n${earlierRuns(r.earlier ?? [])}`;
}

function earlierRuns(runs: readonly EarlierRun[]): string {
  if (runs.length === 0) return "";
  const rows = runs.map((e) => [
    e.sections.join(", "),
    e.machine.date,
    `${e.machine.loadAverageAtStart.join(", ")} / ${e.machine.loadAverageAtEnd.join(", ")}`,
    `warm-up ${e.settings.warmup}, runs ${e.settings.runs}; sizes ${e.settings.sizes.join(", ")}`,
    `${e.machine.cores} × ${e.machine.cpuModel}; Node ${e.machine.node}`,
  ]);
  return `\nSections carried over unchanged from earlier runs (this run did not measure them):\n\n${table(["sections", "measured on", "load average start / end", "settings", "machine"], rows)}\n`;
}

function inSyncSection(r: InSyncResult): string {
  const main = table(
    [
      "N resources",
      "`reconciler detect` (spawned)",
      "`detectDrift()` (in-process)",
      "`pulumi refresh --preview-only`",
      "CLI / bare",
      "library / bare",
    ],
    r.sizes.map((s) => [
      String(s.resources),
      cell(s.cli),
      cell(s.library),
      cell(s.bare),
      ratioCell(s.cliToBare),
      ratioCell(s.libraryToBare),
    ]),
  );
  const breakdown = table(
    [
      "N",
      "CLI wall",
      "start-up (`reconciler stacks`)",
      "engine (`refresh --preview-only`)",
      "rest of CLI",
      "library wall",
      "library rest",
      "engine / bare",
    ],
    r.sizes.map((s) => [
      String(s.resources),
      cell(s.cli),
      cell(r.startup),
      cell(s.cliEngine),
      cell(s.cliRest),
      cell(s.library),
      cell(s.libraryRest),
      ratioCell(s.engineToBare),
    ]),
  );
  return [
    "## 1. In-sync detection (TypeScript fixture, inline program; the drift fast path)",
    "",
    "The pending record is fresh (written by one unmeasured detection per stack), so every detection here is one refresh preview (`preview-refresh`, asserted per run): the same engine call as the bare command. Section 5 repeats this on the YAML project, where the program-running commands can be compared too.",
    "",
    main,
    "",
    "Where the reconciler's time goes (medians per column; *rest* is computed per run: wall − engine − start-up of the same run):",
    "",
    breakdown,
    "",
    `Bare CLI process start-up (\`pulumi version\`): ${cell(r.bareStartup)}. The bare CLI cannot run this TypeScript project's program (\`pulumi preview --refresh\`: \`${r.barePreviewRefresh}\`): that comparison is in section 5.`,
    "",
  ].join("\n");
}

function cycleSection(r: DriftCycleResult): string {
  const rows = [
    ["`reconciler reconcile` (spawned): detect + heal + verify", cell(r.reconcile)],
    [
      "  engine: detection with drift",
      `${cell(r.detectEngine)}: ${r.detectOperations.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ")}`,
    ],
    [
      `  engine: heal (\`up --refresh${r.healTargets.length > 0 ? ` --target <${r.healTargets.length} URN(s)>` : ""}\`)`,
      cell(r.healEngine),
    ],
    ["  engine: verification (refresh preview)", cell(r.verifyEngine)],
    ["  engine total", cell(r.engineTotal)],
    ["  overhead (wall − engine total)", cell(r.overhead)],
    ["bare: `pulumi refresh --preview-only` with the drift (detect)", cell(r.bareDetect)],
    ["bare: heal: **substituted** by the reconciler's heal engine time", cell(r.healEngine)],
    ["bare: `pulumi refresh --preview-only` after the heal (verify)", cell(r.bareVerify)],
    ["bare sequence (sum per run)", cell(r.bareSequence)],
    ["**reconcile / bare sequence**", ratioCell(r.reconcileToBareSequence)],
  ];
  return [
    `## 2. Drift cycle (N = ${r.resources}: SSH opened on prod-alb-sg, then reconcile)`,
    "",
    table(["", "time"], rows),
    "",
    `The bare CLI's heal, \`pulumi up --refresh --yes --skip-preview\`: \`${r.bareUpRefresh}\`.`,
    "",
  ].join("\n");
}

function stacksSection(r: ManyStacksResult): string {
  const rows = r.rows.map((row) => [
    String(row.stacks),
    String(row.concurrency),
    cell(row.wall),
    cell(row.engineSum),
    ratioCell(row.speedup),
    row.programRuns ? `${row.programRuns.median} of ${row.stacks}` : "—",
  ]);
  return [
    `## 3. Many stacks (library \`detectDrift()\` in-process, ${r.resourcesPerStack} resources per stack, all in sync, pending records fresh)`,
    "",
    table(
      [
        "K stacks",
        "concurrency",
        "wall",
        "engine time summed over stacks",
        "speed-up vs K × (K=1, concurrency 1)",
        "detections that ran the program (median per run)",
      ],
      rows,
    ),
    "",
  ].join("\n");
}

function memorySection(r: MemoryResult): string {
  const rows = r.rows.map((row) => [
    String(row.stacks),
    String(row.concurrency),
    cell(row.wall),
    cell(row.reconcilerPeakKiB, mib),
    row.timeMaxRssKiB ? cell(row.timeMaxRssKiB, mib) : "— (no /usr/bin/time)",
    cell(row.treePeakKiB, mib),
  ]);
  return [
    `## 4a. Peak memory of \`reconciler detect\` (spawned, ${r.resourcesPerStack} resources per stack, ${r.runs} run(s) each)`,
    "",
    table(
      [
        "K stacks",
        "concurrency",
        "wall",
        "reconciler node process (VmHWM)",
        "`/usr/bin/time -v` max RSS",
        "whole process tree (sum of VmRSS)",
      ],
      rows,
    ),
    "",
    `VmHWM is the kernel's high-water mark of the node process running the CLI; the tree sum is sampled every ${r.sampleIntervalMs} ms (a lower bound of the true peak). \`/usr/bin/time\` reports the largest single process among all descendants it waited for.`,
    "",
  ].join("\n");
}

function builderSection(r: ReportBuilderResult): string {
  const rows = r.streams.map((s) => [
    `${s.recording} (${s.managedResources} resources)`,
    String(s.events),
    `${s.items.driftItems} / ${s.items.pendingItems} / ${s.items.planSteps}`,
    cell(s.times.driftItems, millis),
    cell(s.times.pendingItems, millis),
    cell(s.times.planSteps, millis),
    cell(s.total, millis),
    millis(s.coldMs),
    mibBytes(s.memory.heapAllocatedBytes),
    mibBytes(s.memory.heapRetainedBytes),
    mibBytes(s.memory.rssDeltaBytes),
    mibBytes(s.streamHeapBytes),
  ]);
  return [
    `## 4b. Report builder on synthesized engine event streams (${r.runs} runs each, fresh node process per stream)`,
    "",
    table(
      [
        "stream (recording ×, renumbered)",
        "events",
        "items drift / pending / plan",
        "driftItems",
        "pendingItems",
        "planSteps",
        "all three",
        "first call (cold)",
        "heap allocated",
        "heap retained (after GC)",
        "RSS delta",
        "the stream itself (heap)",
      ],
      rows,
    ),
    "",
    "Each stream repeats one recording's resource events with renumbered URNs (unique per copy) between its opening and closing events, up to exactly the event count. On the refresh stream (`drift-refresh`, what the brief asks for) only `driftItems` finds anything: there every resource's pre-event has op `refresh` (the changes show in its outputs event), so `pendingItems` and `planSteps`, which read pre-events, scan every event and keep none. The other two rows feed each builder the stream it reads in the reconciler (`planSteps`: the preview with refresh; `pendingItems`: the plain preview). *Heap allocated* is heapUsed after the three calls minus before (garbage included); *retained* is after a forced GC, with the results still held.",
    "",
  ].join("\n");
}

type Labels = [bare: string, library: string, cli: string];

function fairRows(n: number, c: FairComparison, [bare, library, cli]: Labels): string[][] {
  return [
    [`${n}: ${bare}`, cell(c.bare), "", "", ""],
    [`${n}: ${library}`, cell(c.library), cell(c.libraryEngine), ratioCell(c.libraryToBare), cell(c.libraryOverhead)],
    [`${n}: ${cli}`, cell(c.cli), cell(c.cliEngine), ratioCell(c.cliToBare), cell(c.cliOverhead)],
  ];
}

function fairBlock(
  r: FairResult,
  title: string,
  labels: Labels,
  pick: (s: FairResult["sizes"][number]) => FairComparison | undefined,
): string[] {
  const sized = r.sizes.flatMap((s) => {
    const c = pick(s);
    return c && c.bare.n > 0 ? [{ n: s.resources, c }] : [];
  });
  if (sized.length === 0) return [`### ${title}`, "", "Not measured in this run.", ""];
  const head = ["N: side", "wall", "engine operations", "÷ bare (paired)", "overhead: − bare (paired)"];
  const ops = sized.map(
    ({ n, c }) =>
      `N=${n}: ${c.libraryOperations.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ")}`,
  );
  return [
    `### ${title}`,
    "",
    table(
      head,
      sized.flatMap(({ n, c }) => fairRows(n, c, labels)),
    ),
    "",
    `Engine operations of the warm call (medians): ${ops.join("; ")}.`,
    "",
    ...sized
      .filter(({ c }) => c.bareCommands)
      .map(
        ({ n, c }) =>
          `Bare script at N=${n} (medians): ${(c.bareCommands ?? []).map((o) => `\`pulumi ${o.name}\` ${seconds(o.durationMs.median)}`).join(", ")}.\n`,
      ),
  ];
}

function fairSection(r: FairResult): string {
  return [
    "## 5. Fair baselines (YAML fixture project: a local program run by the pinned YAML language host on both sides)",
    "",
    "Same project, same stack, same work on each side. *Warm* is the library call in the bench's own process after a warm-up, its stacks kept open across calls (`stackCache`); *CLI* is `bin/reconciler` spawned. Overhead is reconciler − bare per run: the fixed cost per stack, which should not grow with N.",
    "",
    ...fairBlock(
      r,
      "5a. Detection with the pending check forced (the program runs on both sides)",
      [
        "bare `pulumi preview --refresh`",
        "warm `detectDrift({ forcePendingCheck: true })`",
        "`reconciler detect --check-pending --json`",
      ],
      (s) => s.forced,
    ),
    ...fairBlock(
      r,
      "5b. The drift fast path (pending record fresh: every report `checks.pending = cached`, one `preview-refresh`)",
      ["bare `pulumi refresh --preview-only`", "warm `detectDrift()`", "`reconciler detect --json`"],
      (s) => s.fastPath,
    ),
    ...fairBlock(
      r,
      "5c. One drift cycle (SSH opened on prod-alb-sg before each side; the reconciler heals, outcome `healed`)",
      [
        "bare script: `preview --refresh --expect-no-changes` (exit ≠ 0), `up --refresh --yes --skip-preview`, `preview --refresh --expect-no-changes` (exit 0)",
        "warm `reconcile()`",
        "`reconciler reconcile --json`",
      ],
      (s) => s.cycle,
    ),
    `Start-up: \`reconciler stacks\` ${cell(r.startup)}, \`pulumi version\` ${cell(r.bareStartup)}. The bare script's first command on a drifted stack: \`${r.bareDriftEvidence}\`.`,
    "",
  ].join("\n");
}

function targetsSection(r: BenchResults): string {
  const rows = evaluateTargets(r);
  const mark = (status: string) => (status === "met" ? "**met**" : status === "missed" ? "**missed**" : "not measured");
  const whys = rows.filter((row) => row.why).map((row) => `- *${row.target}*: ${row.why ?? ""}.`);
  return [
    "## Targets",
    "",
    table(
      ["target", "measured", ""],
      rows.map((row) => [row.target, row.measured, mark(row.status)]),
    ),
    "",
    ...(whys.length > 0 ? ["Where the time goes for each missed target:", "", ...whys, ""] : []),
  ].join("\n");
}

function findings(r: BenchResults): string[] {
  const out: string[] = [];
  const { inSync, cycle, stacks, memory, builder, fair, big, fleet, startup } = r.sections;
  if (fair?.ok) {
    for (const s of fair.result.sizes) {
      const f = s.fastPath;
      const p = s.forced;
      out.push(
        `YAML, N=${s.resources}: fast path warm ${seconds(f.library.median)} / CLI ${seconds(f.cli.median)} vs \`refresh --preview-only\` ${seconds(f.bare.median)} (${times(f.libraryToBare.median)} / ${times(f.cliToBare.median)}); pending check forced warm ${seconds(p.library.median)} / CLI ${seconds(p.cli.median)} vs \`preview --refresh\` ${seconds(p.bare.median)} (${times(p.libraryToBare.median)} / ${times(p.cliToBare.median)})${s.cycle ? `; drift cycle warm ${seconds(s.cycle.library.median)} / CLI ${seconds(s.cycle.cli.median)} vs the bare script ${seconds(s.cycle.bare.median)} (${times(s.cycle.libraryToBare.median)} / ${times(s.cycle.cliToBare.median)})` : ""}.`,
      );
    }
  }
  if (inSync?.ok) {
    for (const s of inSync.result.sizes) {
      out.push(
        `N=${s.resources}: \`reconciler detect\` ${seconds(s.cli.median)} vs \`pulumi refresh --preview-only\` ${seconds(s.bare.median)} (${times(s.cliToBare.median)}); of the CLI's time ${seconds(inSync.result.startup.median)} is start-up, ${seconds(s.cliEngine.median)} the engine call, ${seconds(s.cliRest.median)} the rest. In-process \`detectDrift()\`: ${seconds(s.library.median)} (${times(s.libraryToBare.median)}).`,
      );
    }
  }
  if (cycle?.ok) {
    const c = cycle.result;
    out.push(
      `Drift cycle: \`reconciler reconcile\` ${seconds(c.reconcile.median)} vs the bare sequence ${seconds(c.bareSequence.median)} (${times(c.reconcileToBareSequence.median)}); engine calls ${seconds(c.engineTotal.median)}, overhead ${seconds(c.overhead.median)}.`,
    );
  }
  if (stacks?.ok) {
    const best = stacks.result.rows
      .filter((row) => row.stacks > 1)
      .sort((a, b) => b.stacks - a.stacks || b.concurrency - a.concurrency)[0];
    if (best)
      out.push(
        `Many stacks: ${best.stacks} stacks at concurrency ${best.concurrency} take ${seconds(best.wall.median)}, a speed-up of ${times(best.speedup.median)} over ${best.stacks} × the single-stack time.`,
      );
  }
  if (memory?.ok)
    out.push(
      `Memory: the reconciler's node process peaks at ${memory.result.rows.map((row) => `${mib(row.reconcilerPeakKiB.median)} for K=${row.stacks}`).join(", ")}.`,
    );
  out.push(
    ...scaleFindings({
      big: big?.ok ? big.result : undefined,
      fleet: fleet?.ok ? fleet.result : undefined,
      startup: startup?.ok ? startup.result : undefined,
    }),
  );
  if (builder?.ok) {
    const s = builder.result.streams[0];
    if (s)
      out.push(
        `Report builder: ${s.events} events (${s.recording}) → ${s.items.driftItems} drift items in ${millis(s.total.median)} for all three builders; ${mibBytes(s.memory.heapRetainedBytes)} of heap retained.`,
      );
  }
  return out;
}

function sectionText<T>(name: string, outcome: SectionOutcome<T> | undefined, render: (r: T) => string): string {
  if (!outcome) return `## ${name}\n\nNot run (BENCH_SECTIONS).\n`;
  return outcome.ok
    ? render(outcome.result)
    : `## ${name}\n\n**Failed:** \`${outcome.error.split("\n")[0] ?? ""}\` (see the log)\n`;
}

export function renderResults(r: BenchResults): string {
  const quick = r.settings.quick
    ? "\n> **QUICK / development run** (few runs, small sizes): indicative only; run `npm run bench` for the numbers to quote.\n"
    : r.settings.runs < 5
      ? `\n> **${r.settings.runs} measured runs instead of the default 5** (BENCH_RUNS): medians of fewer paired runs; the spreads below show how much that matters.\n`
      : "";
  const key = findings(r)
    .map((f) => `- ${f}`)
    .join("\n");
  return [
    `# Benchmark: the reconciler vs the bare Pulumi CLI\n${quick}`,
    "Generated by `npm run bench` (bench/run.ts). Times are medians with (min–max) over the measured runs after the warm-up; ratios are medians of per-run ratios (both sides measured back to back in the same run) with their interquartile range.\n",
    `## Key findings\n\n${key}\n`,
    targetsSection(r),
    machineSection(r),
    methodNotes,
    sectionText("1. In-sync detection", r.sections.inSync, inSyncSection),
    sectionText("2. Drift cycle", r.sections.cycle, cycleSection),
    sectionText("3. Many stacks", r.sections.stacks, stacksSection),
    sectionText("4a. Memory", r.sections.memory, memorySection),
    sectionText("4b. Report builder", r.sections.builder, builderSection),
    sectionText("5. Fair baselines", r.sections.fair, fairSection),
    sectionText("6. Big stacks", r.sections.big, bigStacksSection),
    sectionText("7. Big fleet", r.sections.fleet, fleetSection),
    sectionText("8. CLI start-up", r.sections.startup, startupSection),
    sectionText("9. serve over a fleet", r.sections.soak, soakSection),
  ].join("\n");
}
