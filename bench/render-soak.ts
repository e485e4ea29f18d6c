// Section 9 of RESULTS.md, `reconciler serve` over a fleet for many cycles, and its target row.
import { mib, seconds, table } from "./format.js";
import type { SoakResult } from "./serve-soak.js";
import { notMeasured, type TargetRow } from "./target-row.js";

/** RSS may move this much between the 5th cycle and the last before it counts as growth. */
export const soakGrowthToleranceKiB = 24 * 1024;

const soakTarget = "serve: 30 cycles over 200 stacks with drift re-added now and then, RSS flat";

/** RSS after the 5th cycle (or the first, in a shorter run) against the last; the first cycles load modules. */
function growth(r: SoakResult): { from: number; fromKiB: number; toKiB: number } | undefined {
  const from = r.cycles[Math.min(4, r.cycles.length - 2)];
  const to = r.cycles[r.cycles.length - 1];
  if (!from || !to || from === to) return undefined;
  return { from: from.cycle, fromKiB: from.rssKiB, toKiB: to.rssKiB };
}

export function soakTargets(r: SoakResult | undefined, why = "section 9 not run or failed"): TargetRow[] {
  if (!r) return [notMeasured(soakTarget, why)];
  const g = growth(r);
  if (!g) return [notMeasured(soakTarget, "fewer than 2 cycles")];
  const delta = g.toKiB - g.fromKiB;
  const full = r.stacks >= 200 && r.cycles.length >= 30;
  const flat = delta <= soakGrowthToleranceKiB;
  const measured = `${mib(g.fromKiB)} after cycle ${g.from} → ${mib(g.toKiB)} after cycle ${r.cycles.length} (${r.stacks} stacks, ${r.cycles.length} cycles; ${r.heals} heals for ${r.driftsAdded} drifts added)`;
  if (!flat) return [{ target: soakTarget, measured, status: "missed", why: "RSS grew across cycles: see section 9" }];
  return [
    full
      ? { target: soakTarget, measured, status: "met" }
      : {
          target: soakTarget,
          measured,
          status: "missed",
          why: `flat, but measured at ${r.stacks} stacks × ${r.cycles.length} cycles, not 200 × 30: each cycle costs one engine call per stack (section 7), so 200 × 30 is hours of engine time on this machine`,
        },
  ];
}

export function soakSection(r: SoakResult): string {
  const rows = r.cycles.map((c) => [
    String(c.cycle),
    seconds(c.wallMs),
    mib(c.rssKiB),
    String(c.fds),
    c.drifted ? "yes" : "",
  ]);
  return [
    `## 9. serve over a fleet (${r.stacks} stacks × ${r.resourcesPerStack}, concurrency ${r.concurrency}, ${r.cycles.length} cycles back to back${r.cycles.length < r.cyclesAsked ? ` of ${r.cyclesAsked} asked: stopped at BENCH_SOAK_MINUTES` : ""})`,
    "",
    `The bundled CLI's \`serve\` spawned as a container runs it, its schedule firing every 2 s so cycles follow each other; after each cycle (counted from its /metrics) the service's node process's RSS and open file descriptors are read from /proc, within half a second of its end (the next cycle may have begun). Every ${r.driftEvery} cycles SSH is opened on the next stack's ALB security group, healed by a following cycle. Cycle 1 runs every stack's program once (no pending records yet).`,
    "",
    `Heals counted by the service: ${r.heals}, for ${r.driftsAdded} drifts added (${r.driftsLeft} still open when the service was stopped); cycles counted as errors: ${r.errorCycles}; the node process's peak RSS (VmHWM): ${mib(r.peakRssKiB)}.`,
    "",
    table(["cycle", "wall", "RSS after", "open fds after", "drift added before"], rows),
    "",
  ].join("\n");
}
