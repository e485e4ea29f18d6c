// One stack on the status page: its summary (state, last check, drift, issue, steering), the
// timeline of its last outcomes, and its details (the decision and its guard, the heal, the
// drift table, the engine operations), open in the stack's own view. Pure; every value is
// shown as one line of visible text (core/inert-markdown.ts), then escaped for HTML.
import { visibleText } from "../core/inert-markdown.js";
import type { StatusStack } from "../core/status-view.js";

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** An untrusted value as HTML text. */
export const esc = (value: string, max?: number) => escapeHtml(visibleText(value, max));

export const timeText = (at: string | undefined) => (at ? `${at.replace("T", " ").slice(0, 19)} UTC` : "—");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const tone: Readonly<Record<string, string>> = {
  "in-sync": "ok",
  healed: "ok",
  reported: "warn",
  busy: "warn",
  "not checked yet": "neutral",
};
export const toneOf = (state: string) => tone[state] ?? "bad";

function driftSummary(s: StatusStack): string {
  if (s.error) return esc(s.error);
  const parts: string[] = [];
  if (s.drift > 0) parts.push(`${s.drift} drifted (${s.severity ?? "low"})`);
  if (s.pending > 0) parts.push(`${s.pending} pending code change(s)`);
  if (s.status && parts.length === 0) parts.push("no drift");
  return parts.join(" · ") || "—";
}

function steering(s: StatusStack): string {
  const parts: string[] = [];
  if (s.decision?.guard) parts.push(`guard: ${esc(s.decision.guard)}`);
  if (s.hold) parts.push(`held by ${esc(s.hold.by, 100)} until ${esc(timeText(s.hold.until), 40)}`);
  if (s.approval) parts.push(`approved by ${esc(s.approval.by, 100)}`);
  if (s.decision?.resumedBy) parts.push(`resumed by ${esc(s.decision.resumedBy, 100)}`);
  if (s.flapping) parts.push("flapping: healing stopped");
  return parts.join(" · ");
}

function issueLink(s: StatusStack): string {
  if (!s.issue) return "no open issue";
  const label = `issue #${s.issue.number}`;
  return s.issue.url?.startsWith("https://") ? `<a href="${escapeHtml(s.issue.url)}">${label}</a>` : label;
}

function timeline(s: StatusStack): string {
  if (s.history.length === 0) return "";
  const ticks = s.history.map(
    (h) =>
      `<li class="tick ${toneOf(h.outcome)}"><span class="vh">${escapeHtml(timeText(h.at))}: ${h.outcome}, ${h.drift} drifted</span></li>`,
  );
  const label = `Last ${s.history.length} outcome${s.history.length === 1 ? "" : "s"}, oldest first`;
  return `<div class="timeline"><span class="sub">${label}:</span><ol aria-label="${label}">${ticks.join("")}</ol></div>`;
}

const cell = (label: string, html: string) => `<td data-label="${label}">${html}</td>`;

function driftTable(s: StatusStack): string {
  if (s.driftTable.length === 0) return "";
  // Who changed a resource, once the cloud's audit log says: a column only when some row knows.
  const who = s.driftTable.some((r) => r.changedBy !== undefined);
  const head = ["Resource", "Property", "Cloud has", "Last deployed", "Severity", ...(who ? ["Changed by"] : [])];
  const rows = s.driftTable.map((r) => {
    const cells = [
      cell("Resource", `${esc(r.resource, 200)}<div class="sub">${esc(r.type, 200)} · ${r.kind}</div>`),
      cell("Property", r.property === undefined ? "—" : `<code>${esc(r.property, 200)}</code>`),
      cell("Cloud has", r.cloud === undefined ? "(absent)" : `<code>${esc(r.cloud, 300)}</code>`),
      cell("Last deployed", r.deployed === undefined ? "(absent)" : `<code>${esc(r.deployed, 300)}</code>`),
      cell("Severity", r.severity),
      ...(who ? [cell("Changed by", r.changedBy === undefined ? "—" : esc(r.changedBy, 200))] : []),
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  const th = head.map((h) => `<th scope="col">${h}</th>`).join("");
  return `<h3>Drift in the last report</h3><table class="cards"><thead><tr>${th}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function operations(s: StatusStack): string {
  if (s.engineOperations.length === 0) return "";
  const rows = s.engineOperations.map(
    (op) =>
      `<tr>${cell("Operation", esc(op.name, 100))}${cell("Started", op.startMs === undefined ? "—" : `+${seconds(op.startMs)}`)}${cell("Took", seconds(op.durationMs))}</tr>`,
  );
  const th = ["Operation", "Started", "Took"].map((h) => `<th scope="col">${h}</th>`).join("");
  return `<h3>Engine operations</h3><table class="cards"><thead><tr>${th}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function details(s: StatusStack, open: boolean): string {
  if (!s.decision) return "";
  const d = s.decision;
  const guard = d.guard ? ` (guard: ${esc(d.guard)})` : "";
  const heal = s.heal
    ? `<p><strong>Heal:</strong> ${s.heal.error ? `failed: ${esc(s.heal.error, 300)}` : `${escapeHtml(s.heal.changes)} in ${seconds(s.heal.durationMs)}`}</p>`
    : "";
  return `<details${open ? " open" : ""}><summary>Details</summary>
<p><strong>Decision:</strong> ${d.action}${guard}: ${esc(d.reason, 600)}</p>${heal}
${driftTable(s)}${operations(s)}</details>`;
}

/** The stack's card; `open`: its own view, details shown. */
export function stackCard(s: StatusStack, open: boolean): string {
  const name = `${s.project}/${s.stack}`;
  const took = s.durationMs === undefined ? "" : ` in ${seconds(s.durationMs)}`;
  const checked = s.checkedAt
    ? `checked <time datetime="${escapeHtml(s.checkedAt)}">${escapeHtml(timeText(s.checkedAt))}</time>${took}`
    : "not checked yet";
  const steer = steering(s);
  return `<li class="stack" data-stack="${escapeHtml(s.key)}" data-group="${s.group}">
<h2><a href="/?stack=${encodeURIComponent(s.key)}">${esc(name, 300)}</a></h2>
<p><span class="badge ${toneOf(s.state)}">${escapeHtml(s.state)}</span> <span class="sub">${checked} · ${issueLink(s)}</span></p>
<p class="drift">${driftSummary(s)}</p>${steer ? `<p class="sub">${steer}</p>` : ""}
${timeline(s)}
${details(s, open)}
</li>`;
}
