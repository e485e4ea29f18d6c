// What the status page shows and GET /status.json answers: per stack its place in the fleet
// (core/fleet-row.ts), its last outcomes as a timeline, the drift table of the last report, the
// decision and its guard, and the engine operations with their durations. The zod schema is the
// single source of the type and of the committed JSON Schema (schema/status.schema.json). Pure.
import { z } from "zod";
import { attributionPlainText } from "./attribution.js";
import type { SeverityRule } from "./config-schema.js";
import { severities } from "./config-schema.js";
import { stackStatuses } from "./drift-report.js";
import { fleetGroups, fleetRowOf, attentionGroups, type FleetGroup } from "./fleet-row.js";
import { clip } from "./inert-markdown.js";
import { renderValue } from "./render-value.js";
import { itemSeverity } from "./severity.js";
import { changesText, outcomeKinds, type StackOutcome } from "./stack-outcome.js";
import type { TrackedIssue } from "./tracked-issue.js";

const iso = () => z.string().describe("ISO 8601");

export const historyEntrySchema = z.object({
  at: iso().describe("When the check started (ISO 8601)"),
  outcome: z.enum(outcomeKinds),
  status: z.enum(stackStatuses),
  drift: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
});

const driftRowSchema = z.object({
  resource: z.string(),
  type: z.string(),
  kind: z.enum(["modified", "deleted"]),
  property: z.string().optional().describe("Absent for a deleted resource without properties"),
  cloud: z.string().optional().describe("The value in the cloud now, as text; absent when not set"),
  deployed: z.string().optional().describe("The value of the last deployment, as text; absent when not set"),
  severity: z.enum(severities),
  changedBy: z.string().optional().describe("Who changed the resource, where the cloud's audit log tells"),
});

export const statusStackSchema = z.object({
  key: z.string().describe("The stack's key in this service"),
  project: z.string(),
  stack: z.string(),
  group: z.enum(fleetGroups).describe("What needs a person first: stuck, failed, held, drifted; then the rest"),
  state: z.string().describe("The last outcome, or 'not checked yet'"),
  status: z.enum(stackStatuses).optional(),
  outcome: z.enum(outcomeKinds).optional(),
  checkedAt: iso().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  drift: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  severity: z.enum(severities).optional(),
  error: z.string().optional(),
  issue: z.object({ number: z.number().int(), url: z.string().optional() }).optional(),
  hold: z.object({ by: z.string(), until: z.string().optional() }).optional(),
  approval: z.object({ by: z.string() }).optional(),
  flapping: z.boolean(),
  stuck: z.boolean(),
  decision: z
    .object({
      action: z.enum(["none", "report", "heal"]),
      reason: z.string(),
      guard: z.string().optional(),
      resumedBy: z.string().optional(),
    })
    .optional(),
  heal: z.object({ durationMs: z.number().int(), changes: z.string(), error: z.string().optional() }).optional(),
  driftTable: z.array(driftRowSchema),
  engineOperations: z.array(
    z.object({ name: z.string(), durationMs: z.number().int().nonnegative(), startMs: z.number().int().optional() }),
  ),
  history: z.array(historyEntrySchema).describe("The last outcomes, oldest first (bounded)"),
});

export const statusViewSchema = z.object({
  lastCycleFinishedAt: iso().optional(),
  nextRunAt: iso().optional(),
  ready: z.object({ ready: z.boolean(), reason: z.string() }),
  counts: z.record(z.enum(fleetGroups), z.number().int().nonnegative()),
  stacks: z.array(statusStackSchema),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type StatusStack = z.infer<typeof statusStackSchema>;
export type StatusView = z.infer<typeof statusViewSchema>;

export function statusViewJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(statusViewSchema, { target: "draft-2020-12", unrepresentable: "any" });
}

/** The timeline's entry of one outcome. */
export function historyEntryOf(o: StackOutcome): HistoryEntry {
  const { report } = o;
  return {
    at: report.startedAt,
    outcome: o.outcome,
    status: report.status,
    drift: report.drift.length,
    durationMs: report.durationMs,
  };
}

/** A value shown in the drift table: text, bounded; undefined when not set. */
const shown = (value: unknown) => (value === undefined ? undefined : renderValue(value, 300));

function driftTable(o: StackOutcome, rules: readonly SeverityRule[]): StatusStack["driftTable"] {
  return o.report.drift.flatMap((item) => {
    const who = item.attribution ? { changedBy: attributionPlainText(item.attribution) } : {};
    const base = { resource: item.name, type: item.type, kind: item.kind, severity: itemSeverity(item, rules), ...who };
    if (item.properties.length === 0) return [base];
    return item.properties.map((p) => {
      const cloud = shown(p.cloud);
      const deployed = shown(p.deployed);
      return { ...base, property: p.path, ...(cloud ? { cloud } : {}), ...(deployed ? { deployed } : {}) };
    });
  });
}

function decisionOf(o: StackOutcome): StatusStack["decision"] {
  const d = o.decision;
  return {
    action: d.action,
    reason: d.reason,
    ...(d.action === "report" ? { guard: d.guard } : {}),
    ...(d.action === "heal" && d.resumedBy ? { resumedBy: d.resumedBy } : {}),
  };
}

export interface StatusStackInput {
  key: string;
  /** For a stack not checked yet. */
  project?: string;
  stack?: string;
  outcome?: StackOutcome;
  issue?: TrackedIssue;
  history?: readonly HistoryEntry[];
}

export function statusStackOf(input: StatusStackInput, rules: readonly SeverityRule[]): StatusStack {
  const o = input.outcome;
  const id = { project: o?.project ?? input.project ?? "", stack: o?.stack ?? input.stack ?? input.key };
  const row = fleetRowOf(id, o, input.issue, rules);
  const base: StatusStack = {
    key: input.key,
    ...row,
    state: o ? o.outcome : "not checked yet",
    driftTable: [],
    engineOperations: [],
    history: [...(input.history ?? [])],
  };
  if (!o) return base;
  const heal = o.heal;
  return {
    ...base,
    durationMs: o.report.durationMs,
    ...(o.report.error ? { error: o.report.error } : {}),
    decision: decisionOf(o),
    ...(heal
      ? {
          heal: {
            durationMs: heal.durationMs,
            changes: changesText(heal.changes),
            ...(heal.error ? { error: heal.error } : {}),
          },
        }
      : {}),
    driftTable: driftTable(o, rules),
    engineOperations: o.report.engineOperations.map((op) => ({ ...op })),
  };
}

export const statusFilters = ["attention", "drifted", "held", "all"] as const;
export type StatusFilter = (typeof statusFilters)[number];

export interface StatusQuery {
  show: StatusFilter;
  /** Part of the stack's project/stack name, any case. */
  text: string;
  /** One stack's key: its detail view. */
  stack?: string;
}

/** The query string's filter; anything unknown reads as its default. */
export function statusQueryOf(params: URLSearchParams): StatusQuery {
  const show = statusFilters.find((f) => f === params.get("show")) ?? "all";
  const text = clip((params.get("q") ?? "").trim(), 200);
  const stack = params.get("stack") ?? undefined;
  return { show, text, ...(stack ? { stack } : {}) };
}

const filterMatches: Readonly<Record<StatusFilter, (g: FleetGroup) => boolean>> = {
  attention: (g) => attentionGroups.has(g),
  drifted: (g) => g === "drifted",
  held: (g) => g === "held",
  all: () => true,
};

/** The stacks the query asks for, in the order of their groups (what needs a person first). */
export function filterStacks(stacks: readonly StatusStack[], query: StatusQuery): StatusStack[] {
  if (query.stack !== undefined) return stacks.filter((s) => s.key === query.stack);
  const text = query.text.toLowerCase();
  return stacks
    .filter((s) => filterMatches[query.show](s.group))
    .filter((s) => text === "" || `${s.project}/${s.stack}`.toLowerCase().includes(text))
    .sort((a, b) => fleetGroups.indexOf(a.group) - fleetGroups.indexOf(b.group));
}

export function groupCounts(stacks: readonly StatusStack[]): StatusView["counts"] {
  const counts = Object.fromEntries(fleetGroups.map((g) => [g, 0])) as StatusView["counts"];
  for (const s of stacks) counts[s.group] += 1;
  return counts;
}

export interface StatusViewInput {
  stacks: readonly StatusStackInput[];
  severity: readonly SeverityRule[];
  ready: { ready: boolean; reason: string };
  lastCycleFinishedAt?: Date;
  nextRunAt?: Date;
}

export function statusViewOf(input: StatusViewInput): StatusView {
  const stacks = input.stacks.map((s) => statusStackOf(s, input.severity));
  return {
    ...(input.lastCycleFinishedAt ? { lastCycleFinishedAt: input.lastCycleFinishedAt.toISOString() } : {}),
    ...(input.nextRunAt ? { nextRunAt: input.nextRunAt.toISOString() } : {}),
    ready: input.ready,
    counts: groupCounts(stacks),
    stacks,
  };
}
