// The drift-episode lifecycle on an issue tracker: one tracking issue per stack per
// episode; comments only on real change; close when healed and verified, or when the drift
// went away by itself. Idempotent per event.
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import { attentionComment, commentFor, issueBody, issueTitle } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";

export const needsAttentionLabel = "needs-attention";

async function commentOnce(
  tracker: IssueTracker,
  issue: TrackedIssue,
  note: { body: string; noteKey: string },
): Promise<void> {
  if (!(await tracker.hasNote(issue, note.noteKey))) await tracker.comment(issue, note.body);
}

/** Applies one audit event to the tracker. Safe to repeat: a second delivery changes nothing. */
export async function deliverEvent(
  tracker: IssueTracker,
  event: AuditEvent,
  labels: readonly string[],
): Promise<TrackedIssue | undefined> {
  const issue = await tracker.findOpen(event.project, event.stack);
  if (event.kind === "drift-detected") {
    const attention = event.attention ? [needsAttentionLabel] : [];
    if (!issue) {
      const all = [...labels, `stack:${event.stack}`, `severity:${event.severity}`, ...attention];
      const created = await tracker.create(
        event.project,
        event.stack,
        issueTitle(event.project, event.stack),
        issueBody(event),
        all,
      );
      const note = attentionComment(event);
      if (note) await commentOnce(tracker, created, note);
      return created;
    } else if (issue.fingerprint !== event.fingerprint) {
      await commentOnce(tracker, issue, commentFor(event));
      await tracker.updateBody(issue, issueBody(event));
      await tracker.addLabels(issue, [`severity:${event.severity}`, ...attention]);
    }
    return issue;
  }
  // The other events belong to an open episode; without one there is nothing to add to.
  if (!issue) return undefined;
  await commentOnce(tracker, issue, commentFor(event));
  if (event.kind === "healed" || event.kind === "drift-resolved") await tracker.close(issue);
  if (event.kind === "heal-not-done") await tracker.addLabels(issue, [needsAttentionLabel]);
  return issue;
}
