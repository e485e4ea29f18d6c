// Issue and comment bodies for the audit trail, ending in the hidden marker trailer that
// identifies the stack, the drift fingerprint and each delivered event (core/marker-trailer.ts).
// The reports and reasons inside are already inert Markdown (core/inert-markdown.ts). Pure.
import { shortFingerprint } from "../core/command-binding.js";
import { markerTrailer, readTrailer } from "../core/marker-trailer.js";
import { stackPath } from "../core/stack-id.js";
import type { TrackedIssue, TrackedNote } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";

/** GitHub's limit, less room for the signature line the tracker may append (core/signed-body.ts). */
const githubBodyLimit = 65_536 - 128;

/** Whether an issue body's trailer names this stack. */
export function isStackIssue(body: string, project: string, stack: string): boolean {
  return readTrailer(body)?.stack === stackPath({ project, stack });
}

/** Whether a comment's trailer carries this note key. */
export function isNote(body: string, noteKey: string): boolean {
  return readTrailer(body)?.note === noteKey;
}

/** A comment's note key, from its trailer. */
export function noteKeyOf(body: string): string | undefined {
  return readTrailer(body)?.note;
}

/** One of the reconciler's comments as a note: its key, when, and what its trailer records. */
export function noteOf(body: string, at: string, id?: number): TrackedNote[] {
  const markers = readTrailer(body);
  if (!markers?.note) return [];
  return [
    {
      key: markers.note,
      at: new Date(at).toISOString(),
      ...(id !== undefined ? { id } : {}),
      ...(markers.command ? { command: markers.command } : {}),
      ...(markers.fingerprint ? { fingerprint: markers.fingerprint } : {}),
    },
  ];
}

/** An issue as the trail tracks it: its number, its link if any, and the fingerprint its body shows. */
export function trackedIssueFrom(number: number, body: string, url?: string): TrackedIssue {
  const markers = readTrailer(body);
  const fingerprint = markers?.fingerprint;
  const since = markers?.since;
  const shown = markers?.shown;
  return {
    number,
    ...(url ? { url } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    ...(since ? { since } : {}),
    ...(shown ? { shown } : {}),
  };
}

/** The line that names the drift by its short fingerprint: what `/drift heal <fingerprint>` names. */
export function driftLine(fingerprint: string, shown: string): string {
  return `**Drift:** \`${shortFingerprint(fingerprint)}\`, shown since ${shown}`;
}

/**
 * Cuts a body to the limit, keeping the trailer at the end and saying what was cut. The cut is
 * at the end of a line, so no code span is left open to let the rest of its value become markup.
 */
export function truncateBody(body: string, limit = githubBodyLimit, trailer = ""): string {
  if (body.length + trailer.length <= limit) return body + trailer;
  const note =
    "\n\n_… truncated: the full report is too long for one GitHub issue. Run `reconciler detect --markdown` for all of it._\n";
  const head = body.slice(0, Math.max(0, limit - note.length - trailer.length));
  return head.slice(0, Math.max(0, head.lastIndexOf("\n"))) + note + trailer;
}

export function issueTitle(project: string, stack: string): string {
  return `Drift detected: ${stackPath({ project, stack })}`;
}

/**
 * `since`: when the episode began (the issue opened or reopened); `shown`: when this drift was
 * first shown (core/command-binding.ts). Both kept in the trailer.
 */
export function issueBody(
  event: Extract<AuditEvent, { kind: "drift-detected" }>,
  since: string,
  shown: string = since,
): string {
  const head = [
    `**Severity:** ${event.severity}`,
    driftLine(event.fingerprint, shown),
    event.runUrl ? `**Run:** ${event.runUrl}` : undefined,
    "",
    "The cloud no longer matches the last deployment of this stack. The reconciler keeps this issue up to date and closes it once the stack is verified back in sync.",
    "",
  ].filter((l) => l !== undefined);
  const trailer = markerTrailer({ stack: stackPath(event), fingerprint: event.fingerprint, since, shown });
  return truncateBody([...head, event.report].join("\n"), githubBodyLimit, trailer);
}

/** The first comment of an issue whose heal the policy blocked. */
export function attentionComment(
  event: Extract<AuditEvent, { kind: "drift-detected" }>,
): { body: string; noteKey: string } | undefined {
  if (!event.attention) return undefined;
  const noteKey = `${event.fingerprint}:${event.attention.why}`;
  return { body: `### Needs attention\n\n${event.attention.reason}${markerTrailer({ note: noteKey })}`, noteKey };
}

/** The note key of a verified heal: the flapping breaker counts these (audit/recall-history.ts). */
export const healedNotePrefix = "healed.";

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** The note on an issue reopened because its drift came back, keyed on the episode reopened. */
export function backComment(
  event: Extract<AuditEvent, { kind: "drift-detected" }>,
  noteKey: string,
): { body: string; noteKey: string } {
  const times = event.back ? `: ${ordinal(event.back.times)} time in ${event.back.window}` : "";
  const healed = event.back ? " after a verified heal" : "";
  const text =
    `### Drift is back${times}\n\nThe drift came back${healed} (severity ${event.severity}). ` +
    `Drift \`${shortFingerprint(event.fingerprint)}\` is on show now: a command written before this comment was for an earlier drift.` +
    `\n\n${event.report}`;
  const run = event.runUrl ? `\n\nRun: ${event.runUrl}` : "";
  return { body: truncateBody(text + run, githubBodyLimit, markerTrailer({ note: noteKey })), noteKey };
}

/** The comment an event adds to an open issue; `noteKey` makes repeated notes idempotent. */
export function commentFor(event: AuditEvent): { body: string; noteKey: string } {
  const run = event.runUrl ? `\n\nRun: ${event.runUrl}` : "";
  const noteKey = noteKeyFor(event);
  const decision =
    event.kind === "steering" && event.decision
      ? { command: event.decision, ...(event.fingerprint ? { fingerprint: event.fingerprint } : {}) }
      : {};
  const body = truncateBody(commentText(event) + run, githubBodyLimit, markerTrailer({ note: noteKey, ...decision }));
  return { body, noteKey };
}

function noteKeyFor(event: AuditEvent): string {
  switch (event.kind) {
    // The same failure is said once per episode, however many heals hit it.
    case "heal-not-done":
      return `${event.fingerprint}:${event.why}`;
    case "healed":
      return `${healedNotePrefix}${event.fingerprint}.${event.attempt}`;
    default:
      return event.id;
  }
}

function commentText(event: AuditEvent): string {
  switch (event.kind) {
    case "drift-detected": {
      const attention = event.attention ? `\n\n**Needs attention.** ${event.attention.reason}` : "";
      const shown = `Drift \`${shortFingerprint(event.fingerprint)}\` is on show now: a command written before this comment was for an earlier drift.`;
      return `### Drift changed (severity ${event.severity})\n\n${shown}\n\n${event.report}${attention}`;
    }
    case "drift-flapping":
      return `### Drift keeps coming back: healing stopped\n\n${event.reason}`;
    case "heal-started":
      return `### Healing started\n\n${event.plan}`;
    case "healed":
      return `### Healed\n\n${event.summary}`;
    case "heal-not-done":
      return `### Needs attention\n\n${event.reason}`;
    case "heal-interrupted":
      return (
        `### Heal interrupted\n\nThe reconciler stopped during the heal it began at ${event.startedAt}, before it ` +
        `could verify it; the stack may be partly changed. It is checked again now.\n\n${event.plan}`
      );
    case "drift-resolved":
      return `### Drift gone without a heal\n\n${event.summary} Someone reverted it by hand.`;
    case "stack-stuck":
      return `### Stack stuck\n\n${event.reason}`;
    case "lock-cleared":
      return `### Stale lock cleared\n\n${event.summary}`;
    case "drift-attributed":
      return `### Who changed it (found later)\n\n${event.text}`;
    case "steering":
      return event.text;
  }
}

export function stuckIssueBody(event: Extract<AuditEvent, { kind: "stack-stuck" }>): string {
  const text = `The reconciler cannot check this stack.\n\n${event.reason}`;
  return truncateBody(text, githubBodyLimit, markerTrailer({ stack: stackPath(event), since: event.at }));
}
