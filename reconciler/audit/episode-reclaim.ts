// A tracking issue someone else closed or relabelled while its drift is still there: the episode
// goes on, so the reconciler reopens the issue once, says who closed it, and puts back the labels
// it owns. Closing or relabelling needs only the triage role; ending a hold needs a writer's
// `/drift resume`. Pure.
import { markerTrailer } from "../core/marker-trailer.js";
import type { AuditEvent } from "./audit-events.js";

type Detected = Extract<AuditEvent, { kind: "drift-detected" }>;

/** A GitHub login (or an App's bot login); anything else is not repeated into the comment. */
const loginPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * The labels the reconciler keeps on an open episode's issue: the configured ones, the stack's,
 * the severity's, and the hold's while a hold stands. `needs-attention` is left to people.
 */
export function ownedLabels(event: Detected, labels: readonly string[], onHoldLabel: string): string[] {
  const held = event.decision?.guard === "on-hold" ? [onHoldLabel] : [];
  return [...labels, `stack:${event.stack}`, `severity:${event.severity}`, ...held];
}

/** The owned labels the issue no longer carries (label names are case-insensitive). */
export function missingLabels(owned: readonly string[], present: readonly string[]): string[] {
  const have = new Set(present.map((l) => l.toLowerCase()));
  return [...new Set(owned)].filter((l) => !have.has(l.toLowerCase()));
}

/** The one comment that reopens an issue another account closed; keyed on that close. */
export function reopenedComment(
  issueNumber: number,
  closedBy: { login: string; at: string },
  event: Detected,
): { body: string; noteKey: string } {
  const who = loginPattern.test(closedBy.login) ? `@${closedBy.login}` : "another account";
  const noteKey = `reclaimed-${issueNumber}-${closedBy.at}`;
  const held = event.decision?.guard === "on-hold" ? " The hold stands." : "";
  const text =
    `### Reopened: the drift is still present\n\n${who} closed this issue at ${closedBy.at}, but the drift it ` +
    `tracks is still present (severity ${event.severity}).${held} Closing the issue or removing its labels does ` +
    "not end a hold or approve a heal: a writer's `/drift resume` or `/drift heal` does.";
  return { body: text + markerTrailer({ note: noteKey }), noteKey };
}
