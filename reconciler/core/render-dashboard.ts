// The drift dashboard's Markdown: one section per shard (a comment the shard owns), and the
// issue body that indexes the shards and says which stopped reporting. Pure. Every name,
// login and time is shown through inert-markdown.ts; both bodies stay under GitHub's limit
// (stacks in sync are folded into a count and a <details> list).
import { createHash } from "node:crypto";
import { cellValue, inlineValue, visibleText } from "./inert-markdown.js";
import { attentionGroups, fleetGroups, fleetGroupTitles, type FleetGroup, type FleetRow } from "./fleet-row.js";
import { markerTrailer } from "./marker-trailer.js";
import type { Shard } from "./shard.js";

/** GitHub refuses issue and comment bodies longer than this. */
export const dashboardBodyLimit = 65_536;

/** The note marker of the dashboard issue's body, and of each shard's comment. */
export const dashboardNote = "dashboard";
export const shardNote = (shard: Shard) => `dashboard.shard.${shard.index}.${shard.count}`;

export function shardOfNote(note: string | undefined): Shard | undefined {
  const match = /^dashboard\.shard\.(\d+)\.(\d+)$/.exec(note ?? "");
  if (!match) return undefined;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  return shard.index < shard.count ? shard : undefined;
}

export interface ShardSection {
  shard: Shard;
  /** When this section is written (ISO 8601). */
  reportedAt: string;
  rows: FleetRow[];
}

const shardName = (shard: Shard) => (shard.count === 1 ? "All stacks" : `Shard ${shard.index + 1} of ${shard.count}`);
const when = (iso: string | undefined) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—");
const byName = (a: FleetRow, b: FleetRow) => `${a.project}/${a.stack}`.localeCompare(`${b.project}/${b.stack}`);

/**
 * What the section shows, without the times of the checks: the section is written again only
 * when this changes (or when its last report is getting old, see audit/dashboard-issue.ts).
 */
export function sectionFingerprint(section: Pick<ShardSection, "shard" | "rows">): string {
  const rows = [...section.rows].sort(byName).map(({ checkedAt: _checkedAt, ...rest }) => rest);
  const text = JSON.stringify({ shard: section.shard, rows });
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

function steering(row: FleetRow): string {
  const parts: string[] = [];
  if (row.hold) parts.push(`held by ${cellValue(row.hold.by, 100)} until ${cellValue(when(row.hold.until), 40)}`);
  if (row.approval) parts.push(`approved by ${cellValue(row.approval.by, 100)}`);
  if (row.flapping) parts.push("flapping");
  if (row.stuck) parts.push("stuck");
  return parts.join(" · ") || "—";
}

function driftCell(row: FleetRow): string {
  const parts = [row.drift > 0 ? `${row.drift} · ${row.severity ?? "low"}` : "—"];
  if (row.pending > 0) parts.push(`${row.pending} pending`);
  return parts.join(" · ");
}

function rowLine(row: FleetRow): string {
  const issue = row.issue ? `#${row.issue.number}` : "—";
  const cells = [
    cellValue(`${row.project}/${row.stack}`, 200),
    row.status ?? "not checked yet",
    row.outcome ?? "—",
    when(row.checkedAt),
    driftCell(row),
    issue,
    steering(row),
  ];
  return `| ${cells.join(" | ")} |`;
}

const tableHead = [
  "| Stack | Status | Last outcome | Checked | Drift · severity | Issue | Steering |",
  "|---|---|---|---|---|---|---|",
];

/** The in-sync stacks: a count, and their names in a <details> list cut to `room` characters. */
function inSyncLines(rows: readonly FleetRow[], room: number): string[] {
  if (rows.length === 0) return [];
  const names: string[] = [];
  let used = 0;
  for (const row of rows) {
    const name = inlineValue(`${row.project}/${row.stack}`, 200);
    if (used + name.length + 3 > room) break;
    names.push(name);
    used += name.length + 3;
  }
  const more = rows.length - names.length;
  const tail = more > 0 ? ` · … and ${more} more` : "";
  const summary = `${rows.length} stack${rows.length === 1 ? "" : "s"} in sync`;
  return [
    `#### ${fleetGroupTitles["in-sync"]} (${rows.length})`,
    "",
    `<details><summary>${summary}</summary>`,
    "",
    `${names.join(" · ")}${tail}`,
    "",
    "</details>",
    "",
  ];
}

/** The section of one shard: its heading (read back by the body's index), then the groups. */
export function renderShardSection(section: ShardSection, limit = dashboardBodyLimit): string {
  const rows = [...section.rows].sort(byName);
  const attention = rows.filter((r) => attentionGroups.has(r.group)).length;
  const trailer = markerTrailer({
    note: shardNote(section.shard),
    fingerprint: sectionFingerprint(section),
    since: section.reportedAt,
  });
  const lines = [
    `### ${shardName(section.shard)} · ${rows.length} stacks · ${attention} need attention`,
    "",
    `Reported ${when(section.reportedAt)}.`,
    "",
  ];
  const inSync = rows.filter((r) => r.group === "in-sync");
  // What the in-sync list and the notes may take: the rest is for the rows that need a person.
  const reserve = Math.min(limit / 2, 2_000 + inSync.length * 60);
  let left = 0;
  for (const group of fleetGroups.filter((g): g is Exclude<FleetGroup, "in-sync"> => g !== "in-sync")) {
    const members = rows.filter((r) => r.group === group);
    if (members.length === 0) continue;
    lines.push(`#### ${fleetGroupTitles[group]} (${members.length})`, "", ...tableHead);
    for (const [i, row] of members.entries()) {
      const line = rowLine(row);
      if (lines.join("\n").length + line.length + trailer.length > limit - reserve) {
        left += members.length - i;
        break;
      }
      lines.push(line);
    }
    lines.push("");
  }
  if (left > 0) lines.push(`_${left} more stack(s) not listed: the comment would pass GitHub's size limit._`, "");
  const room = limit - lines.join("\n").length - trailer.length - 400;
  lines.push(...inSyncLines(inSync, room));
  return lines.join("\n").trimEnd() + trailer;
}

/** What the body knows of one shard's section, read from its comment. */
export interface ShardReport {
  shard: Shard;
  reportedAt: string;
  stacks?: number;
  attention?: number;
}

/** The counts a section's heading shows. */
export function sectionCounts(body: string): { stacks: number; attention: number } | undefined {
  const match = /^### .+ · (\d+) stacks · (\d+) need attention$/m.exec(body);
  return match ? { stacks: Number(match[1]), attention: Number(match[2]) } : undefined;
}

export interface DashboardBodyInput {
  /** How many shards the reconciler runs as now. */
  count: number;
  shards: readonly ShardReport[];
  now: Date;
  /** A shard whose last report is older than this is stale. */
  staleAfterMs: number;
  /** How often a shard writes its section when nothing changed, in words ("6h"). */
  refreshEvery: string;
}

function shardLine(index: number, input: DashboardBodyInput): string {
  const shard = { index, count: input.count };
  const report = input.shards.find((s) => s.shard.index === index && s.shard.count === input.count);
  if (!report) return `| ${shardName(shard)} | — | — | no report yet |`;
  const age = input.now.getTime() - Date.parse(report.reportedAt);
  const state = Number.isNaN(age) || age > input.staleAfterMs ? "**stale**: no report since then" : "reporting";
  const counts = `${report.stacks ?? "?"} | ${report.attention ?? "?"}`;
  return `| ${shardName(shard)} | ${counts} | ${inlineValue(when(report.reportedAt), 40)} · ${state} |`;
}

/** The issue body: what the dashboard is, and each shard with its last report. */
export function renderDashboardBody(input: DashboardBodyInput): string {
  const lines = [
    "The reconciler keeps this issue up to date: every stack it watches, grouped by what needs a person " +
      "first (stuck, failed, held, drifted), then the stacks in sync.",
    "",
    `Each shard of the reconciler owns one comment below and edits it only when something in it changed, ` +
      `and at least every ${visibleText(input.refreshEvery, 20)} so that a shard that stopped shows as stale.`,
    "",
    "| Section | Stacks | Need attention | Last report |",
    "|---|---|---|---|",
    ...Array.from({ length: input.count }, (_, i) => shardLine(i, input)),
  ];
  return lines.join("\n") + markerTrailer({ note: dashboardNote });
}
