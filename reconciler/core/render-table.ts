// The human summary: one row per stack, aligned columns. Pure.
import type { StackOutcome } from "./stack-outcome.js";
import { stackPath } from "./stack-id.js";

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function renderTable(outcomes: readonly StackOutcome[]): string {
  const rows = [["STACK", "STATUS", "DRIFT", "PENDING", "OUTCOME", "DETAIL"]];
  for (const o of outcomes) {
    const detail = o.report.error ?? o.heal?.error ?? o.verificationNote ?? o.decision.reason;
    rows.push([
      stackPath(o),
      o.report.status,
      String(o.report.drift.length),
      String(o.report.pending.length),
      o.outcome,
      detail,
    ]);
  }
  return pad(rows);
}
