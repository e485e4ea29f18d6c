// The scale sections of RESULTS.md: big stacks (6), a big fleet (7), the CLI's start-up (8).
import type { BigParallelResult } from "./big-parallel.js";
import type { BigComparison, BigStacksResult } from "./big-stacks.js";
import type { FleetResult } from "./big-fleet.js";
import type { StartupResult } from "./cli-startup.js";
import { cell, mib, millis, ratioCell, seconds, table } from "./format.js";

const mibOf = (bytes: number) => mib(bytes / 1024);

function opsText(c: BigComparison): string {
  return c.libraryOperations.map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ");
}

export function bigStacksSection(r: BigStacksResult): string {
  const rows = r.sizes.flatMap((s) => [
    [
      `${s.resources}: in sync (fast path)`,
      cell(s.fastPath.bare),
      cell(s.fastPath.library),
      cell(s.fastPath.libraryEngine),
      ratioCell(s.fastPath.libraryToBare),
      opsText(s.fastPath),
    ],
    ...s.cycles.map((c) => [
      `${s.resources}: drift cycle, ${c.drifted} drifted`,
      cell(c.bare),
      cell(c.library),
      cell(c.libraryEngine),
      ratioCell(c.libraryToBare),
      `${opsText(c)}; bare: ${(c.bareCommands ?? []).map((o) => `\`${o.name}\` ${seconds(o.durationMs.median)}`).join(", ")}`,
    ]),
  ]);
  const setup = r.sizes.map(
    (s) =>
      `N=${s.resources}: deploy (bare \`pulumi up\`) ${seconds(s.deployMs)}, first check with the program run ${seconds(s.firstCheckMs)}`,
  );
  const rendering = table(
    ["drifted resources", "Markdown report", "chars", "issue body (event + body, cut)", "chars", "cut at the limit"],
    r.rendering.map((row) => [
      String(row.driftedResources),
      cell(row.markdown, millis),
      String(row.markdownChars),
      cell(row.issueBody, millis),
      String(row.issueBodyChars),
      row.issueBodyCut ? "yes" : "no",
    ]),
  );
  const m = r.memory;
  return [
    `## 6. Big stacks (YAML fixture project, ${r.runs} measured run(s), no warm-up beyond the first check)`,
    "",
    "Bare: `pulumi refresh --preview-only` for the fast path; for the cycle the seed-style script (`preview --refresh --expect-no-changes` (exit ≠ 0), `up --refresh --yes --skip-preview`, `preview --refresh --expect-no-changes`). Reconciler: warm `detectDrift()` / `reconcile()` in the bench's process with its stacks kept open. The drift: the tags of the first d buckets changed in the cloud before each side; the reconciler's outcome is `healed` and the cloud is checked back.",
    "",
    table(
      ["N: what", "bare", "reconciler (warm)", "its engine operations", "÷ bare (paired)", "operations (medians)"],
      rows,
    ),
    "",
    ...(r.notes ?? []).flatMap((note) => [note, ""]),
    `Set-up: ${setup.join("; ")}.`,
    "",
    `Memory: \`bin/reconciler reconcile --json\` spawned at N=${m.resources} with drift on ${m.drifted}: ${seconds(m.wallMs)}, the reconciler's node process peaks at ${mib(m.reconcilerPeakKiB)} (VmHWM), the whole process tree at ${mib(m.treePeakKiB)} (sum of VmRSS, sampled every 100 ms).`,
    "",
    ...(r.parallel ? [parallelText(r.parallel), ""] : []),
    "Rendering: a real outcome of the drift cycle's heal, its drift items replicated (renamed) to k drifted resources; medians of 15 renders each. The issue body is the drift-detected event (redacted, fingerprinted, Markdown) plus the body cut at GitHub's 65,536 characters.",
    "",
    rendering,
    "",
  ].join("\n");
}

function parallelText(p: BigParallelResult): string {
  const rows = p.rows.map((row) => [
    row.parallel === undefined ? "unset (the engine's default)" : String(row.parallel),
    seconds(row.detect.wallMs),
    seconds(row.detect.engineMs),
    mib(row.detect.treePeakKiB),
    seconds(row.reconcile.wallMs),
    seconds(row.reconcile.engineMs),
    mib(row.reconcile.reconcilerPeakKiB),
    mib(row.reconcile.treePeakKiB),
  ]);
  const drifted = p.rows[0]?.reconcile.drifted ?? 0;
  return [
    `\`engine.parallel\` at N=${p.resources}: \`bin/reconciler detect --json\` in sync, then \`reconcile --json\` after drift on ${drifted} buckets, spawned once per value (memory sampled every 100 ms).`,
    "",
    table(
      [
        "engine.parallel",
        "detect wall",
        "its engine time",
        "detect tree peak",
        `reconcile (${drifted} drifted) wall`,
        "its engine time",
        "reconciler node peak",
        "tree peak",
      ],
      rows,
    ),
  ].join("\n");
}

export function fleetSection(r: FleetResult): string {
  const rows = r.rows.map((row) => [
    String(row.concurrency),
    cell(row.wall),
    cell(row.perStack, millis),
    cell(row.enginePerStack, millis),
    cell(row.overheadPerStack, millis),
    mibOf(row.rssBaseline),
    mibOf(row.peakRss),
    `${row.fdBaseline} → ${row.fdsRightAfter} → ${row.fdsAfter}`,
    `${row.programRuns} of ${r.stacks}`,
  ]);
  const rss = r.rows.map(
    (row) => `c=${row.concurrency}: ${row.rssAt.map((a) => `#${a.stack} ${mibOf(a.rss)}`).join(", ")}`,
  );
  return [
    `## 7. Big fleet (${r.stacks} stacks × ${r.resourcesPerStack} resources, TypeScript fixture, one fresh node process per concurrency, ${r.runs} run(s) each)`,
    "",
    `One stack deployed (${seconds(r.deployMs)}), the other ${r.stacks - 1} copied from it (project, file backend, local cloud: ${seconds(r.copyMs)}); one first check of all of them with the programs run (${seconds(r.firstCheckMs)}), so every measured detection takes the fast path. Each cycle is \`detectDrift()\` over all stacks in a node process of its own (bench/fleet-child.ts, bundled with esbuild like the CLI, npm packages loaded from node_modules).`,
    "",
    table(
      [
        "concurrency",
        "wall",
        "wall / stack",
        "engine per stack (median)",
        "reconciler around the engine per stack (median)",
        "RSS before the cycle",
        "peak RSS",
        "open fds before → right after → 1 s after",
        "programs run",
      ],
      rows,
    ),
    "",
    `RSS after the k-th finished stack: ${rss.join("; ")}.`,
    "",
  ].join("\n");
}

export function startupSection(r: StartupResult): string {
  return [
    "## 8. CLI start-up (bin/reconciler from a fresh bundle)",
    "",
    `\`reconciler --version\` prints: \`${r.versionText.split("\n").join(" · ")}\`.`,
    "",
    table(
      ["command", "wall"],
      [
        ["`reconciler --version`", cell(r.version)],
        ["`reconciler stacks --config …`", cell(r.stacks)],
        ...(r.engineStartup
          ? [
              [
                "`reconciler detect --stack <not in the config>` (start-up with the engine modules: refused before any engine call)",
                cell(r.engineStartup),
              ],
            ]
          : []),
        ["`pulumi version` (the bare CLI's own start-up)", cell(r.bareVersion)],
        ['floor: `node -e ""` (Node.js alone)', cell(r.nodeFloor)],
        ["floor: `scripts/run.sh true` (the wrapper bin/reconciler goes through, without node)", cell(r.wrapper)],
      ],
    ),
    "",
    "In-sync `detect` by the CLI (YAML fixture project, pending record fresh: one `preview-refresh`):",
    "",
    table(
      [
        "N",
        "`pulumi refresh --preview-only`",
        "`reconciler detect --json`",
        "its engine operations",
        "CLI ÷ bare (paired)",
      ],
      r.sizes.map((s) => [String(s.resources), cell(s.bare), cell(s.cli), cell(s.cliEngine), ratioCell(s.cliToBare)]),
    ),
    "",
  ].join("\n");
}

/** One line per scale section for the key findings. */
export function scaleFindings(r: {
  big?: BigStacksResult | undefined;
  fleet?: FleetResult | undefined;
  startup?: StartupResult | undefined;
}): string[] {
  const out: string[] = [];
  if (r.big) {
    for (const s of r.big.sizes) {
      const cycles = s.cycles
        .map(
          (c) =>
            `drift on ${c.drifted}: ${seconds(c.library.median)} vs ${seconds(c.bare.median)} (${c.libraryToBare.median.toFixed(2)}×)`,
        )
        .join(", ");
      out.push(
        `Big stack, N=${s.resources}: in sync warm ${seconds(s.fastPath.library.median)} vs \`refresh --preview-only\` ${seconds(s.fastPath.bare.median)} (${s.fastPath.libraryToBare.median.toFixed(2)}×); drift cycle warm vs the bare script, ${cycles}.`,
      );
    }
    out.push(
      `Big stack memory: \`reconciler reconcile\` at N=${r.big.memory.resources} peaks at ${mib(r.big.memory.reconcilerPeakKiB)}.`,
    );
  }
  if (r.fleet) {
    const rows = r.fleet.rows
      .map(
        (row) =>
          `c=${row.concurrency} ${seconds(row.wall.median)} (${millis(row.perStack.median)} a stack, peak ${mibOf(row.peakRss)})`,
      )
      .join(", ");
    out.push(`Fleet of ${r.fleet.stacks} × ${r.fleet.resourcesPerStack}: ${rows}.`);
  }
  if (r.startup)
    out.push(
      `CLI start-up: \`--version\` ${seconds(r.startup.version.median)}, \`stacks\` ${seconds(r.startup.stacks.median)}; in-sync \`detect\` ${r.startup.sizes.map((s) => `${s.cliToBare.median.toFixed(2)}× bare at N=${s.resources}`).join(", ")}.`,
    );
  return out;
}
