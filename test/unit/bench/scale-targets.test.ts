// The scale targets (big stacks, big fleet, CLI start-up): met, missed with where it goes, or not
// measured, from results built by hand; no engine.
import { describe, expect, it } from "vitest";
import type { FleetResult, FleetRow } from "../../../bench/big-fleet.js";
import { rssPositions } from "../../../bench/big-fleet.js";
import type { BigComparison, BigStacksResult } from "../../../bench/big-stacks.js";
import type { StartupResult } from "../../../bench/cli-startup.js";
import type { RenderingRow } from "../../../bench/big-rendering.js";
import { bigStacksTargets, fleetTargets, startupTargets } from "../../../bench/scale-targets.js";
import { pairedRatio, summarize } from "../../../bench/stats.js";

const MiB = 2 ** 20;

function comparison(bare: number[], library: number[], bareCommands = false): BigComparison {
  return {
    bare: summarize(bare),
    library: summarize(library),
    libraryEngine: summarize(library.map((x) => x - 50)),
    libraryToBare: pairedRatio(library, bare),
    libraryOperations: [{ name: "preview-refresh", durationMs: summarize(library.map((x) => x - 50)) }],
    ...(bareCommands
      ? { bareCommands: [{ name: "up --refresh --yes --skip-preview", durationMs: summarize(bare) }] }
      : {}),
  };
}

function rendering(k: number, markdownMs: number, bodyMs: number): RenderingRow {
  return {
    driftedResources: k,
    markdown: summarize([markdownMs]),
    markdownChars: k * 400,
    issueBody: summarize([bodyMs]),
    issueBodyChars: 65_536,
    issueBodyCut: true,
  };
}

function big(opts: {
  fast2000: number[];
  cycle: number[];
  peakKiB: number;
  largest?: number;
  render?: RenderingRow[];
}) {
  const result: BigStacksResult = {
    runs: 2,
    sizes: [
      {
        resources: opts.largest ?? 2000,
        deployMs: 1,
        firstCheckMs: 1,
        fastPath: comparison([10_000, 10_000], opts.fast2000),
        cycles: [{ drifted: 100, ...comparison([60_000, 60_000], opts.cycle, true) }],
      },
    ],
    memory: {
      resources: opts.largest ?? 2000,
      drifted: 100,
      wallMs: 1,
      reconcilerPeakKiB: opts.peakKiB,
      treePeakKiB: 900 * 1024,
    },
    rendering: opts.render ?? [rendering(100, 10, 5), rendering(2000, 200, 100)],
  };
  return bigStacksTargets(result);
}

const find = (rows: ReturnType<typeof bigStacksTargets>, start: string) => {
  const row = rows.find((r) => r.target.startsWith(start));
  if (!row) throw new Error(`no row "${start}"`);
  return row;
};

describe("bigStacksTargets", () => {
  it("meets the ratios, the memory limit and linear rendering", () => {
    const rows = big({ fast2000: [10_500, 10_900], cycle: [62_000, 62_000], peakKiB: 300 * 1024 });
    expect(rows.map((r) => r.status)).toEqual(["met", "met", "met", "met"]);
    expect(find(rows, "big stacks: in-sync").measured).toBe("1.07× at N=2000");
  });

  it("says where the time and memory go when missed", () => {
    const rows = big({
      fast2000: [12_000, 12_000],
      cycle: [66_000, 66_000],
      peakKiB: 450 * 1024,
      render: [rendering(100, 10, 5), rendering(2000, 800, 100)],
    });
    expect(rows.map((r) => r.status)).toEqual(["missed", "missed", "missed", "missed"]);
    expect(find(rows, "big stacks: in-sync").why).toMatch(/at N=2000: the warm call takes 12\.00 s, 11\.95 s of it/);
    expect(find(rows, "big stacks: drift cycle").why).toMatch(/`up --refresh --yes --skip-preview` 60\.00 s/);
    expect(find(rows, "big stacks: peak RSS").why).toBe("the whole process tree peaks at 900 MiB");
    expect(find(rows, "big stacks: Markdown").why).toMatch(/^Markdown grow/);
  });

  it("judges rendering from 1,000 drifted resources up when the run has two such counts", () => {
    const cacheSized = [rendering(100, 1, 1), rendering(1000, 20, 10), rendering(4000, 90, 40)];
    const row = find(big({ fast2000: [1], cycle: [1], peakKiB: 1, render: cacheSized }), "big stacks: Markdown");
    expect(row.status).toBe("met");
    expect(row.measured).toMatch(/^Markdown 20\.0 ms at 1000 → 90\.0 ms at 4000 \(per resource ×1\.13\)/);
    const quadratic = [rendering(100, 1, 1), rendering(1000, 20, 10), rendering(4000, 320, 40)];
    expect(find(big({ fast2000: [1], cycle: [1], peakKiB: 1, render: quadratic }), "big stacks: Markdown").status).toBe(
      "missed",
    );
  });

  it("does not judge memory below N = 2,000, and marks everything not measured without the section", () => {
    expect(find(big({ fast2000: [1], cycle: [1], peakKiB: 1, largest: 40 }), "big stacks: peak RSS").status).toBe(
      "not measured",
    );
    expect(bigStacksTargets(undefined).every((r) => r.status === "not measured")).toBe(true);
  });
});

function fleetRow(concurrency: number, peakMiB: number, at20MiB: number, lastMiB: number, fds: [number, number]) {
  return {
    concurrency,
    rssBaseline: 150 * MiB,
    rssAt: [
      { stack: 1, rss: 150 * MiB },
      { stack: 20, rss: at20MiB * MiB },
      { stack: 200, rss: lastMiB * MiB },
    ],
    peakRss: peakMiB * MiB,
    fdBaseline: fds[0],
    fdsAfter: fds[1],
    leftoverFds: fds[1] > fds[0] ? ["41 → pipe:[1234]"] : [],
  } as unknown as FleetRow;
}

const fleet = (rows: FleetRow[]) => ({ stacks: 200, rows }) as unknown as FleetResult;

describe("fleetTargets", () => {
  it("meets the peak, flat RSS and file descriptor targets", () => {
    const rows = fleetTargets(fleet([fleetRow(1, 220, 200, 210, [30, 30]), fleetRow(4, 260, 240, 230, [30, 29])]));
    expect(rows.map((r) => r.status)).toEqual(["met", "met", "met"]);
    expect(rows[1]?.measured).toBe("+10 MiB at c=1, -10 MiB at c=4");
  });

  it("misses on a peak over 300 MiB, growth after the 20th stack and a descriptor left open", () => {
    const rows = fleetTargets(fleet([fleetRow(2, 310, 200, 260, [30, 31])]));
    expect(rows.map((r) => r.status)).toEqual(["missed", "missed", "missed"]);
    expect(rows[2]?.why).toBe("left open: 41 → pipe:[1234]");
  });
});

describe("rssPositions", () => {
  it("shows the 1st, 10th, 20th, 50th, every 50th and the last stack", () => {
    expect(rssPositions(200)).toEqual([1, 10, 20, 50, 100, 150, 200]);
    expect(rssPositions(3)).toEqual([1, 3]);
  });
});

function startup(versionMs: number, ratios: Array<[number, number]>): StartupResult {
  const s = (ms: number) => summarize([ms]);
  return {
    versionText: "reconciler 0.1.0",
    version: s(versionMs),
    stacks: s(versionMs + 20),
    bareVersion: s(60),
    nodeFloor: s(40),
    wrapper: s(30),
    sizes: ratios.map(([n, ratio]) => ({
      resources: n,
      bare: s(1000),
      cli: s(1000 * ratio),
      cliEngine: s(950),
      cliToBare: s(ratio),
    })),
  };
}

describe("startupTargets", () => {
  it("judges the start-up and the CLI's ratios at N≈50 and N=200", () => {
    const rows = startupTargets(
      startup(200, [
        [50, 1.25],
        [200, 1.3],
      ]),
    );
    expect(rows.map((r) => r.status)).toEqual(["met", "met", "missed"]);
    expect(rows[2]?.why).toMatch(/engine operations 0\.95 s, start-up \(`reconciler stacks`\) 0\.22 s/);
  });

  it("splits a slow detect with the start-up that loads the engine modules, when measured", () => {
    const rows = startupTargets({ ...startup(200, [[200, 1.6]]), engineStartup: summarize([450]) });
    expect(rows[2]?.why).toMatch(
      /the CLI takes 1\.60 s: engine operations 0\.95 s, start-up with the engine modules .* 0\.45 s, the rest 0\.20 s/,
    );
  });

  it("says what the start-up is made of when it is slow, and that a size is missing", () => {
    const rows = startupTargets(startup(400, [[200, 1.1]]));
    expect(rows[0]).toMatchObject({ status: "missed" });
    expect(rows[0]?.why).toMatch(
      /Node.js alone \(`node -e ""`\) takes 0\.04 s .* 0\.03 s; the rest of `--version` \(0\.33 s\)/,
    );
    expect(rows[1]).toMatchObject({ status: "not measured", measured: "no N ≈50 in this run" });
  });
});
