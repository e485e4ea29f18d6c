// A stable fingerprint of what drifted (resources, kinds, paths, values): the same drift
// seen again gives the same fingerprint, so an open issue is updated only on real change.
import { createHash } from "node:crypto";
import type { DriftItem } from "./drift-report.js";

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function driftFingerprint(items: readonly DriftItem[]): string {
  const lines = items
    .map((i) =>
      JSON.stringify(
        canonical({
          urn: i.urn,
          kind: i.kind,
          properties: [...i.properties].sort((a, b) => a.path.localeCompare(b.path)),
        }),
      ),
    )
    .sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}
