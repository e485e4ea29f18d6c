// The attribution step, after detection: who changed each drifted resource, from the audit log
// of its provider (core/attribution-source.ts), within the cycle's budget of requests and time.
// It never fails and never holds a heal back for long: every problem becomes an attribution that
// says why it is missing. Lookups that found nothing yet (audit logs arrive minutes late) are
// kept and tried again on later cycles, also after the drift was healed; what they find then is
// returned as `late`, for the audit trail to add to the issue once.
import type { Logger } from "pino";
import type { Attribution } from "../core/attribution.js";
import { providerOf } from "../core/attribution.js";
import type { AttributionConfig } from "../core/attribution-config.js";
import {
  attributionOf,
  budgetLeft,
  lookupsToRetry,
  lookupWindow,
  worthRetrying,
  type Budget,
  type LookupAnswer,
  type PendingLookup,
} from "../core/attribution-rules.js";
import type { ActivitySource, AttributionTarget, LateAttribution, SourceContext } from "../core/attribution-source.js";
import type { Clock } from "../core/clock.js";
import type { DriftItem, DriftReport } from "../core/drift-report.js";
import { parseDuration } from "../core/duration.js";
import type { AttributionRecord, AttributionStore } from "./attribution-store.js";

export interface AttributionDeps {
  sources: readonly ActivitySource[];
  store: AttributionStore;
  /** The stack's key in the store. */
  key: string;
  config: AttributionConfig;
  now: Clock;
  /** The stack's own environment and config (SourceContext without the per-cycle parts). */
  env: Readonly<Record<string, string>>;
  stackConfig(key: string): Promise<string | undefined>;
  /** When the stack was last deployed (ISO 8601): the window's start when no cycle saw it in sync. */
  lastDeployment?: () => Promise<string | undefined>;
  log?: Logger;
}

export interface AttributionResult {
  report: DriftReport;
  late: LateAttribution[];
}

/** One cycle's budget and the context every lookup of the cycle shares. */
function cycleContext(deps: AttributionDeps): { ctx: SourceContext; left: () => string | undefined; done: () => void } {
  const budget: Budget = { maxRequests: deps.config.maxRequests, maxTimeMs: parseDuration(deps.config.maxTime) };
  const started = performance.now();
  let requests = 0;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error("attribution time budget spent")), budget.maxTimeMs);
  const left = () => {
    const verdict = budgetLeft(budget, { requests, elapsedMs: performance.now() - started });
    return verdict.ok ? undefined : verdict.reason;
  };
  const ctx: SourceContext = {
    env: deps.env,
    config: (key) => deps.stackConfig(key),
    signal: abort.signal,
    takeRequest: () => {
      if (left() !== undefined) return false;
      requests++;
      return true;
    },
  };
  return { ctx, left, done: () => clearTimeout(timer) };
}

/** One lookup, within what is left of the budget; a source that throws still gives an answer. */
async function lookUp(
  source: ActivitySource,
  target: AttributionTarget,
  cycle: ReturnType<typeof cycleContext>,
): Promise<LookupAnswer> {
  const spent = cycle.left();
  if (spent) return { kind: "failed", why: "budget", reason: spent };
  try {
    return await source.lookup(target, cycle.ctx);
  } catch (err) {
    if (cycle.ctx.signal.aborted) return { kind: "failed", why: "budget", reason: "time budget spent" };
    return { kind: "failed", why: "error", reason: err instanceof Error ? err.message : String(err) };
  }
}

function pendingOf(target: AttributionTarget, firstTriedAt: string): PendingLookup {
  const { urn, name, type, resourceId } = target;
  return { urn, name, type, resourceId, since: target.since.toISOString(), firstTriedAt };
}

/**
 * An in-sync stack with nothing pending moves its window's start only every half hour: a start a
 * little early widens the search, and the store is not rewritten for every stack every cycle.
 */
const inSyncRefreshMs = 30 * 60_000;

function unchanged(
  record: AttributionRecord,
  lastInSync: string | undefined,
  pending: readonly PendingLookup[],
): boolean {
  if (pending.length > 0 || record.pending.length > 0 || !record.lastInSync || !lastInSync) return false;
  return Date.parse(lastInSync) - Date.parse(record.lastInSync) < inSyncRefreshMs;
}

export async function attributeDrift(report: DriftReport, deps: AttributionDeps): Promise<AttributionResult> {
  if (report.status === "busy" || report.status === "stuck" || report.status === "error") return { report, late: [] };
  const now = deps.now();
  const record = deps.store.read(deps.key);
  const retryForMs = parseDuration(deps.config.retryFor);
  const waiting = new Map(lookupsToRetry(record.pending, now, retryForMs).map((p) => [p.urn, p]));
  const cycle = cycleContext(deps);
  try {
    const pending: PendingLookup[] = [];
    const late: LateAttribution[] = [];
    const sourceOf = (type: string) => deps.sources.find((s) => s.provider === providerOf(type));
    /** Looks one target up; keeps it for later when worth it; a find for an earlier cycle's lookup is late. */
    const attempt = async (source: ActivitySource, target: AttributionTarget, earlier?: PendingLookup) => {
      const answer = await lookUp(source, target, cycle);
      const attribution = attributionOf(answer, source.name, earlier !== undefined && answer.kind === "found");
      if (worthRetrying(answer)) pending.push(pendingOf(target, earlier?.firstTriedAt ?? now.toISOString()));
      if (earlier && answer.kind === "found") {
        const { urn, name, type } = target;
        late.push({ urn, name, type, attribution, firstTriedAt: earlier.firstTriedAt });
      }
      return attribution;
    };

    let drift: DriftItem[] = report.drift;
    if (report.drift.length > 0) {
      const lastDeployment = record.lastInSync ? undefined : await deps.lastDeployment?.().catch(() => undefined);
      const window = lookupWindow(now, record.lastInSync, lastDeployment);
      drift = [];
      for (const item of report.drift) {
        const earlier = waiting.get(item.urn);
        waiting.delete(item.urn);
        drift.push({ ...item, attribution: await attributeItem(item, window, earlier, sourceOf, attempt) });
      }
    }
    // Lookups of drift no longer seen (healed, reverted, changed): the issue still wants the answer.
    for (const earlier of waiting.values()) {
      const source = sourceOf(earlier.type);
      if (!source) continue;
      const target = { ...earlier, since: new Date(earlier.since), until: now };
      await attempt(source, target, earlier);
    }
    const lastInSync = report.drift.length === 0 ? report.startedAt : record.lastInSync;
    if (!unchanged(record, lastInSync, pending))
      deps.store.write(deps.key, { ...(lastInSync ? { lastInSync } : {}), pending });
    if (late.length > 0) deps.log?.info({ resources: late.map((l) => l.name) }, "attribution found later");
    return { report: report.drift.length > 0 ? { ...report, drift } : report, late };
  } finally {
    cycle.done();
  }
}

async function attributeItem(
  item: DriftItem,
  window: { since: Date; until: Date },
  earlier: PendingLookup | undefined,
  sourceOf: (type: string) => ActivitySource | undefined,
  attempt: (source: ActivitySource, target: AttributionTarget, earlier?: PendingLookup) => Promise<Attribution>,
): Promise<Attribution> {
  const source = sourceOf(item.type);
  if (!source) return { status: "unsupported", source: providerOf(item.type) };
  if (!item.id) return { status: "unavailable", source: source.name, reason: "no physical id in the stack's state" };
  const since = earlier ? new Date(earlier.since) : window.since;
  const target = { urn: item.urn, name: item.name, type: item.type, resourceId: item.id, since, until: window.until };
  return attempt(source, target, earlier);
}

/** The step for one stack run (engine/reconcile-stack.ts's StackAttribution). */
export function stackAttribution(deps: AttributionDeps): {
  attribute(report: DriftReport): Promise<AttributionResult>;
  inSync(at: string): void;
} {
  return {
    attribute: (report) => attributeDrift(report, deps),
    inSync: (at) => deps.store.write(deps.key, { ...deps.store.read(deps.key), lastInSync: at }),
  };
}
