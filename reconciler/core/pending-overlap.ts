// Drift on a resource whose code also changed. `up --target` runs today's program, so healing
// such a resource would deploy the new code's values too, which `pendingChanges: exclude`
// promises not to do. These resources are left alone and named, with the properties in play.
import type { DriftReport } from "./drift-report.js";

export interface OverlapItem {
  urn: string;
  name: string;
  type: string;
  /** What drifted: modified, or deleted (a heal would recreate it from the new code). */
  drift: "modified" | "deleted";
  /** Properties the pending code change sets (paths), e.g. ["port"]. */
  pendingPaths: string[];
}

export function pendingOverlap(report: Pick<DriftReport, "drift" | "pending">): OverlapItem[] {
  const pending = new Map(report.pending.map((item) => [item.urn, item]));
  return report.drift.flatMap((item) => {
    const change = pending.get(item.urn);
    if (!change) return [];
    const pendingPaths = change.properties.map((p) => p.path);
    return [{ urn: item.urn, name: item.name, type: item.type, drift: item.kind, pendingPaths }];
  });
}

/** "prod-app-tg (deleted; the code changes port)", for reasons and comments. */
export function describeOverlap(items: readonly OverlapItem[]): string {
  return items
    .map((item) => {
      const what =
        item.pendingPaths.length > 0 ? `the code changes ${item.pendingPaths.join(", ")}` : "the code changes it";
      return `${item.name} (${item.drift}; ${what})`;
    })
    .join(", ");
}
