// The status page: server-rendered HTML, no front-end build; readable on a phone and
// refreshing itself. Pure: state in, HTML out; every dynamic value is redacted, then escaped.
// Names and engine messages are untrusted: shown as the Markdown producers show them
// (core/inert-markdown.ts: one line, bounded, hidden and bidirectional characters as escapes),
// then escaped for HTML.
import { visibleText } from "../core/inert-markdown.js";
import { attributionPlainText } from "../core/attribution.js";
import { redactDeep, type Redact } from "../core/redact.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import type { TrackedIssue } from "../core/tracked-issue.js";

export interface StatusPageInput {
  stacks: Array<{ key: string; outcome?: StackOutcome; issue?: TrackedIssue }>;
  lastCycleFinishedAt?: Date;
  nextRunAt?: Date;
  ready: { ready: boolean; reason: string };
  refreshSeconds: number;
  /** The output redactor (core/redact.ts), applied to every value shown. */
  redact?: Redact;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const escapeValue = (value: string) => escapeHtml(visibleText(value));

const statusClass: Record<string, string> = {
  "in-sync": "ok",
  healed: "ok",
  reported: "warn",
  pending: "warn",
  busy: "warn",
};

/** A drifted resource's name, and who changed it when the audit log said. */
function driftedName(item: StackOutcome["report"]["drift"][number]): string {
  const who = item.attribution ? ` (changed by: ${escapeValue(attributionPlainText(item.attribution))})` : "";
  return `${escapeValue(item.name)}${who}`;
}

function driftSummary(o: StackOutcome | undefined): string {
  if (!o) return "not checked yet";
  const r = o.report;
  if (r.error) return escapeValue(r.error);
  const parts = [];
  if (r.drift.length > 0) parts.push(`${r.drift.length} drifted: ${r.drift.map(driftedName).join(", ")}`);
  if (r.pending.length > 0) parts.push(`${r.pending.length} pending code change(s)`);
  if (parts.length === 0) parts.push("no drift");
  return parts.join("; ");
}

function issueLink(issue: TrackedIssue | undefined): string {
  if (!issue) return "—";
  return issue.url ? `<a href="${escapeHtml(issue.url)}">#${issue.number}</a>` : `#${issue.number} (local)`;
}

/**
 * The detection status, the guard that held a heal (flapping, grace period, …) when one did, and
 * who steered the decision: who held it until when, who approved or resumed the heal.
 */
function subline(o: StackOutcome | undefined): string {
  if (!o) return "";
  const d = o.decision;
  const parts: string[] = [o.report.status];
  if (d.action === "report") parts.push(d.guard);
  if (d.action === "report" && d.heldBy) parts.push(`held by ${d.heldBy} until ${d.heldUntil ?? "?"}`);
  if (d.action === "heal" && d.approvedBy) parts.push(`approved by ${d.approvedBy}`);
  if (d.action === "heal" && d.resumedBy) parts.push(`resumed by ${d.resumedBy}`);
  return parts.join(" · ");
}

function row(s: StatusPageInput["stacks"][number]): string {
  const o = s.outcome;
  const state = o ? o.outcome : "waiting";
  return `<tr data-stack="${escapeHtml(s.key)}">
<td class="stack">${escapeHtml(s.key)}</td>
<td><span class="badge ${statusClass[state] ?? "bad"}">${escapeHtml(state)}</span><div class="sub">${escapeHtml(subline(o))}</div></td>
<td>${o ? `<time datetime="${escapeHtml(o.report.startedAt)}">${escapeHtml(o.report.startedAt.replace("T", " ").slice(0, 19))} UTC</time>` : "—"}</td>
<td class="drift">${driftSummary(o)}</td>
<td>${issueLink(s.issue)}</td>
</tr>`;
}

export function renderStatusPage(unredacted: StatusPageInput): string {
  const input = unredacted.redact ? redactDeep(unredacted, unredacted.redact) : unredacted;
  const when = (d?: Date) => (d ? escapeHtml(d.toISOString().replace("T", " ").slice(0, 19) + " UTC") : "—");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${input.refreshSeconds}">
<title>Drift reconciler</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:1rem;color:#1b1f24;background:#f6f8fa}
h1{font-size:1.3rem;margin:0 0 .5rem}.meta{color:#57606a;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600;font-size:.85rem}
.ok{background:#dafbe1;color:#116329}.warn{background:#fff8c5;color:#7d4e00}.bad{background:#ffebe9;color:#a40e26}
.sub{color:#57606a;font-size:.8rem}
@media (max-width:640px){thead{display:none}tr{display:block;margin-bottom:.75rem;border:1px solid #d0d7de}td{display:block;border:0;padding:.25rem .5rem}td.stack{font-weight:600}}
</style></head>
<body><h1>Drift reconciler</h1>
<div class="meta">Last cycle: ${when(input.lastCycleFinishedAt)} · next: ${when(input.nextRunAt)} · ${input.ready.ready ? "ready" : `not ready: ${escapeHtml(input.ready.reason)}`}</div>
<table><thead><tr><th>Stack</th><th>Status</th><th>Last run</th><th>Drift</th><th>Issue</th></tr></thead>
<tbody>
${input.stacks.map(row).join("\n")}
</tbody></table></body></html>
`;
}
