// Engine event streams recorded from the real engine by scripts/record-events.ts (a deployed
// prod fixture stack, then out-of-band changes and code changes; see that script).
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { readFileSync } from "node:fs";

export type Recording =
  /** preview({ refresh: true }) right after the deployment: nothing to do. */
  | "in-sync-preview-refresh"
  /** previewRefresh() after the out-of-band changes: the drift. */
  | "drift-refresh"
  /** preview({ refresh: true }) after both kinds of change: what `up` would do. */
  | "drift-preview-refresh"
  /** preview() without refresh: the pending code changes only. */
  | "pending-preview"
  /** Drift and code changes on different resources (scripts/record-events.ts, drift-apart): */
  /** previewRefresh(): an ingress rule added to the app's security group, a target group and a bucket deleted. */
  | "apart-refresh"
  /** preview({ refresh: true }) of the same: the plan, with the pending changes readable off it. */
  | "apart-preview-refresh"
  /** preview(): the ALB's CIDRs changed, two buckets removed from the code (one already gone). */
  | "apart-preview";

export function recordedEvents(name: Recording): EngineEvent[] {
  const url = new URL(`../fixtures/events/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as EngineEvent[];
}

export const fixtureUrn = (type: string, name: string) => `urn:pulumi:prod::drift-fixture::${type}::${name}`;

/** The value set on prod-db-credentials out of band: it must never reach a report. */
export const outOfBandSecret = "value-changed-out-of-band";
