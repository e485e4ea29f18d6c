// The pure rules of the attribution step: the window to search, the per-cycle budget, what an
// audit log's answer means, and which lookups are tried again on later cycles. Plain data in and
// out; the engine's step (engine/attribute-drift.ts) does the I/O.
import type { AttributedChange, Attribution } from "./attribution.js";
import { maxChangesKept } from "./attribution.js";

/** CloudTrail keeps 90 days of management events; no audit log read here goes further back. */
export const maxLookbackMs = 90 * 86_400_000;
/** Clocks differ and a change lands just before the cycle that saw the stack in sync ends. */
export const windowSlackMs = 5 * 60_000;

export interface LookupWindow {
  since: Date;
  until: Date;
  /** What the start came from. */
  from: "last-in-sync" | "last-deployment" | "max-lookback";
}

/**
 * From the last cycle that saw the stack in sync (or its last deployment, when no cycle did) to
 * now, never more than 90 days back.
 */
export function lookupWindow(now: Date, lastInSync?: string, lastDeployment?: string): LookupWindow {
  const floor = now.getTime() - maxLookbackMs;
  const start = (iso: string | undefined) => {
    const ms = iso ? Date.parse(iso) : NaN;
    return Number.isFinite(ms) ? ms - windowSlackMs : undefined;
  };
  const inSync = start(lastInSync);
  const deployed = start(lastDeployment);
  const [ms, from] = inSync !== undefined ? [inSync, "last-in-sync" as const] : [deployed, "last-deployment" as const];
  if (ms === undefined || ms < floor) return { since: new Date(floor), until: now, from: "max-lookback" };
  return { since: new Date(Math.min(ms, now.getTime())), until: now, from };
}

export interface Budget {
  maxRequests: number;
  maxTimeMs: number;
}

export interface BudgetUse {
  requests: number;
  elapsedMs: number;
}

/** Whether one more lookup may start; the reason when not. */
export function budgetLeft(budget: Budget, used: BudgetUse): { ok: true } | { ok: false; reason: string } {
  if (used.requests >= budget.maxRequests)
    return { ok: false, reason: `request budget spent (${budget.maxRequests} per cycle)` };
  if (used.elapsedMs >= budget.maxTimeMs)
    return { ok: false, reason: `time budget spent (${Math.round(budget.maxTimeMs / 1000)} s per cycle)` };
  return { ok: true };
}

/** What an audit log answered about one resource. */
export type LookupAnswer =
  | { kind: "found"; changes: AttributedChange[] }
  | { kind: "none" }
  | { kind: "failed"; why: "denied" | "throttled" | "unreachable" | "error" | "budget"; reason: string };

/** Whether asking again on a later cycle can give another answer: not after a denial. */
export function worthRetrying(answer: LookupAnswer): boolean {
  if (answer.kind === "found") return false;
  if (answer.kind === "none") return true;
  return answer.why === "throttled" || answer.why === "unreachable" || answer.why === "budget";
}

/** The attribution an answer gives, newest calls first. */
export function attributionOf(answer: LookupAnswer, source: string, foundLater = false): Attribution {
  switch (answer.kind) {
    case "found": {
      const changes = [...answer.changes].sort((a, b) => b.at.localeCompare(a.at)).slice(0, maxChangesKept);
      return { status: "found", source, changes, ...(foundLater ? { foundLater } : {}) };
    }
    case "none":
      return { status: "not-found", source, reason: "no write call on it in the audit log yet" };
    case "failed":
      return answer.why === "budget"
        ? { status: "not-looked-up", source, reason: answer.reason }
        : { status: "unavailable", source, reason: answer.reason };
  }
}

/** A lookup to try again on a later cycle, until found or `retryFor` after it was first tried. */
export interface PendingLookup {
  urn: string;
  name: string;
  type: string;
  resourceId: string;
  /** The window's start, kept: a later cycle searches the same changes. */
  since: string;
  /** The cycle that first looked (ISO 8601): the episode's drift, and when retrying ends. */
  firstTriedAt: string;
}

/** The pending lookups still worth trying now; the others have waited longer than `retryForMs`. */
export function lookupsToRetry(pending: readonly PendingLookup[], now: Date, retryForMs: number): PendingLookup[] {
  return pending.filter((p) => now.getTime() - Date.parse(p.firstTriedAt) < retryForMs);
}

/** Glob match for principals: `*` is any run of characters, everything else literal. */
export function principalMatches(pattern: string, value: string): boolean {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(value);
}
