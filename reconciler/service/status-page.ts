// The status page: server-rendered HTML, no front-end build and no script (the CSP allows
// none). Filters are a plain GET form and links, so they work without JavaScript; a stack's
// own view (?stack=) opens its details. Readable on a phone: one card per stack. Pure: the
// view and the query in, HTML out; every value is redacted, then escaped (status-stack-html.ts).
import { fleetGroupTitles } from "../core/fleet-row.js";
import { redactDeep, type Redact } from "../core/redact.js";
import { filterStacks, type StatusFilter, type StatusQuery, type StatusView } from "../core/status-view.js";
import { esc, escapeHtml, stackCard, timeText } from "./status-stack-html.js";

const filterTitles: Readonly<Record<StatusFilter, string>> = {
  attention: "Needs attention",
  drifted: "Drifted",
  held: "Held",
  all: "All",
};

const style = `
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa;overflow-wrap:anywhere}
header,main{max-width:70rem;margin:0 auto;padding:.75rem 1rem}
h1{font-size:1.35rem;margin:.25rem 0}h2{font-size:1.05rem;margin:0 0 .25rem}h3{font-size:.95rem;margin:.75rem 0 .25rem}
a{color:#0550ae}.sub{color:#57606a;font-size:.875rem}
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem}
nav a{display:inline-block;padding:.35rem .75rem;border:1px solid #d0d7de;border-radius:1rem;background:#fff;text-decoration:none}
nav a[aria-current]{background:#0550ae;color:#fff;border-color:#0550ae}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:block;font-size:.875rem;color:#1b1f24}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:.375rem;background:#fff;color:#1b1f24}
button{background:#1f883d;border-color:#1a7f37;color:#fff;font-weight:600}
ul.stacks{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
li.stack{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem}
li.stack p{margin:.25rem 0}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-weight:600;font-size:.85rem}
.ok{background:#dafbe1;color:#116329}.warn{background:#fff8c5;color:#7d4e00}.bad{background:#ffebe9;color:#a40e26}
.neutral{background:#eaeef2;color:#424a53}
.timeline{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:.35rem 0}
.timeline ol{list-style:none;display:flex;flex-wrap:wrap;gap:3px;padding:0;margin:0}
.tick{width:.8rem;height:1.1rem;border-radius:2px;border:1px solid #8c959f}
.tick.ok{background:#2da44e}.tick.warn{background:#d4a72c}.tick.bad{background:#cf222e}.tick.neutral{background:#afb8c1}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
details summary{cursor:pointer;color:#0550ae;margin:.25rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
code{font-size:.85rem;background:#f6f8fa;padding:0 .2rem;border-radius:3px}
@media (max-width:640px){table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.cards tr{display:block;border-bottom:1px solid #d0d7de;padding:.25rem 0}table.cards td{display:block;border:0;padding:.15rem 0}
table.cards td::before{content:attr(data-label) ": ";font-weight:600}}
`;

function filterLinks(view: StatusView, query: StatusQuery): string {
  const c = view.counts;
  const count: Record<StatusFilter, number> = {
    attention: c.stuck + c.failed + c.held + c.drifted,
    drifted: c.drifted,
    held: c.held,
    all: view.stacks.length,
  };
  const links = (Object.keys(filterTitles) as StatusFilter[]).map((f) => {
    const params = new URLSearchParams({ show: f, ...(query.text ? { q: query.text } : {}) });
    const current = query.stack === undefined && query.show === f ? ' aria-current="page"' : "";
    return `<li><a href="/?${escapeHtml(params.toString())}"${current}>${filterTitles[f]} (${count[f]})</a></li>`;
  });
  return `<ul>${links.join("")}</ul>`;
}

function filterForm(query: StatusQuery): string {
  const options = (Object.keys(filterTitles) as StatusFilter[])
    .map((f) => `<option value="${f}"${query.show === f ? " selected" : ""}>${filterTitles[f]}</option>`)
    .join("");
  return `<form method="get" action="/" role="search" aria-label="Filter stacks">
<div><label for="show">Show</label><select id="show" name="show">${options}</select></div>
<div><label for="q">Stack name contains</label><input id="q" name="q" type="search" value="${esc(query.text, 200)}"></div>
<div><button type="submit">Filter</button></div></form>`;
}

function heading(view: StatusView, query: StatusQuery, shown: number): string {
  if (query.stack !== undefined) return `<p><a href="/">← All stacks</a></p>`;
  const groups = (Object.keys(view.counts) as Array<keyof StatusView["counts"]>)
    .filter((g) => view.counts[g] > 0)
    .map((g) => `${fleetGroupTitles[g]}: ${view.counts[g]}`)
    .join(" · ");
  return `<p class="sub">${shown} of ${view.stacks.length} stacks shown · ${groups || "no stacks"}</p>`;
}

/** `redact`: the output redactor (core/redact.ts), applied to every value before it is shown. */
export function renderStatusPage(unredacted: StatusView, query: StatusQuery, redact?: Redact): string {
  const view = redact ? redactDeep(unredacted, redact) : unredacted;
  const stacks = filterStacks(view.stacks, query);
  const ready = view.ready.ready ? "ready" : `not ready: ${esc(view.ready.reason, 300)}`;
  const list =
    stacks.length > 0
      ? `<ul class="stacks">${stacks.map((s) => stackCard(s, query.stack !== undefined)).join("\n")}</ul>`
      : `<p>No stack matches this filter.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift reconciler</title>
<style>${style}</style></head>
<body><header><h1>Drift reconciler</h1>
<p class="sub">Last cycle: ${escapeHtml(timeText(view.lastCycleFinishedAt))} · next: ${escapeHtml(timeText(view.nextRunAt))} · ${ready} · <a href="${query.stack === undefined ? "" : "/"}">Reload</a> · <a href="/status.json">JSON</a></p>
<nav aria-label="Filters">${filterLinks(view, query)}${filterForm(query)}</nav></header>
<main>${heading(view, query, stacks.length)}
${list}</main></body></html>
`;
}
