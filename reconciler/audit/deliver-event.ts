// The drift-episode lifecycle on an issue tracker: one tracking issue per stack per episode;
// comments only on real change; close when healed and verified, or when the drift went away by
// itself; a drift that returns soon after reopens the episode's issue, so its heals add up
// there (the flapping breaker counts them). Idempotent per event.
import { wholeSeconds } from "../core/command-binding.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import { attentionComment, backComment, commentFor, issueBody, issueTitle, stuckIssueBody } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";
import { missingLabels, ownedLabels, reopenedComment } from "./episode-reclaim.js";
import { stackPath } from "../core/stack-id.js";

export const needsAttentionLabel = "needs-attention";
export const flappingLabel = "drift:flapping";
export const onHoldLabel = "drift:on-hold";

interface DeliverOptions {
  /** A drift within this long after its issue closed reopens that issue (policy.flapping.window). */
  reopenWithinMs?: number;
  /**
   * The delivery's clock: a drift is shown from the moment its issue or comment is written, and
   * commands written before then were meant for an earlier one (core/command-binding.ts).
   */
  now?: () => Date;
  /** How the event's issue is found: the delivery run's lookup (delivery-lookup.ts); default: asked each time. */
  lookup?: (event: AuditEvent) => Promise<TrackedIssue | undefined>;
}

/** When a drift delivered now is first shown: the delivery's time (the detection's without a clock). */
const shownAt = (event: Detected, opts: DeliverOptions) => wholeSeconds(opts.now?.() ?? event.at);

type Detected = Extract<AuditEvent, { kind: "drift-detected" }>;

/**
 * Comments unless the note is there already. Two reconcilers that say the same thing at the
 * same moment can both find it missing: then the later comment (higher id) is removed, so the
 * note stays once.
 */
async function commentOnce(
  tracker: IssueTracker,
  issue: TrackedIssue,
  note: { body: string; noteKey: string },
): Promise<void> {
  if (await tracker.hasNote(issue, note.noteKey)) return;
  const id = await tracker.comment(issue, note.body);
  if (id === undefined) return;
  const same = (await tracker.notes(issue)).filter((n) => n.key === note.noteKey && n.id !== undefined);
  if (same.some((n) => (n.id ?? id) < id)) await tracker.deleteComment(issue, id);
}

async function openEpisode(tracker: IssueTracker, event: Detected, labels: readonly string[], opts: DeliverOptions) {
  const attention = event.attention ? [needsAttentionLabel] : [];
  const since = new Date(new Date(event.at).getTime() - (opts.reopenWithinMs ?? 0));
  const recent = opts.reopenWithinMs ? await tracker.findClosedSince(event.project, event.stack, since) : undefined;
  const shown = shownAt(event, opts);
  if (recent) {
    await tracker.reopen(recent);
    // Keyed on the episode being reopened: two runs that see the drift return say it once.
    await commentOnce(tracker, recent, backComment(event, `reopened-${recent.number}-${recent.since ?? ""}`));
    await tracker.updateBody(recent, issueBody(event, event.at, shown));
    await tracker.addLabels(recent, [`severity:${event.severity}`, ...attention]);
    return { ...recent, fingerprint: event.fingerprint, since: event.at, shown };
  }
  const all = [...labels, `stack:${event.stack}`, `severity:${event.severity}`, ...attention];
  const title = issueTitle(event.project, event.stack);
  const created = await tracker.create(event.project, event.stack, title, issueBody(event, event.at, shown), all);
  // Two runs that found the same new drift at once may both have opened an issue: the first one stays.
  const first = await tracker.findOpen(event.project, event.stack);
  if (first && first.number !== created.number) {
    await tracker.updateBody(created, `Opened twice at once: this episode is tracked in #${first.number}.`);
    await tracker.close(created);
    return first;
  }
  const note = attentionComment(event);
  if (note) await commentOnce(tracker, created, note);
  return created;
}

/**
 * An issue another account closed is still the episode's. A drift still present reopens it with
 * one comment naming who closed it; a drift that ended reopens it silently so the reconciler's
 * own close follows. Other events wait for those.
 */
async function reclaim(tracker: IssueTracker, issue: TrackedIssue, event: AuditEvent): Promise<TrackedIssue> {
  const closedBy = issue.closedBy;
  if (!closedBy) return issue;
  if (event.kind !== "drift-detected" && event.kind !== "healed" && event.kind !== "drift-resolved") return issue;
  await tracker.reopen(issue);
  if (event.kind === "drift-detected")
    await commentOnce(tracker, issue, reopenedComment(issue.number, closedBy, event));
  const reopened: TrackedIssue = { ...issue };
  delete reopened.closedBy;
  return reopened;
}

/** Puts back the labels the reconciler owns that someone removed from the episode's issue. */
async function restoreLabels(tracker: IssueTracker, issue: TrackedIssue, event: Detected, labels: readonly string[]) {
  if (!issue.labels) return;
  const missing = missingLabels(ownedLabels(event, labels, onHoldLabel), issue.labels);
  if (missing.length > 0) await tracker.addLabels(issue, missing);
}

/** Applies one audit event to the tracker. Safe to repeat: a second delivery changes nothing. */
export async function deliverEvent(
  tracker: IssueTracker,
  event: AuditEvent,
  labels: readonly string[],
  opts: DeliverOptions = {},
): Promise<TrackedIssue | undefined> {
  const found = await (opts.lookup ? opts.lookup(event) : tracker.findOpen(event.project, event.stack));
  const issue = found && (await reclaim(tracker, found, event));
  if (event.kind === "drift-detected") {
    if (!issue) return openEpisode(tracker, event, labels, opts);
    await restoreLabels(tracker, issue, event, labels);
    if (issue.fingerprint !== event.fingerprint) {
      const attention = event.attention ? [needsAttentionLabel] : [];
      const shown = shownAt(event, opts);
      await commentOnce(tracker, issue, commentFor(event));
      await tracker.updateBody(issue, issueBody(event, issue.since ?? event.at, shown));
      await tracker.addLabels(issue, [`severity:${event.severity}`, ...attention]);
    }
    return issue;
  }
  if (event.kind === "stack-stuck" && !issue) {
    const all = [...labels, `stack:${event.stack}`, needsAttentionLabel];
    const title = `Stack stuck: ${stackPath(event)}`;
    const created = await tracker.create(event.project, event.stack, title, stuckIssueBody(event), all);
    // The note makes a second delivery of the same event a no-op.
    await commentOnce(tracker, created, commentFor(event));
    return created;
  }
  if (event.kind === "drift-attributed" && !issue) {
    // Found after the heal closed the episode: said on the issue that tracked it.
    const since = new Date(new Date(event.at).getTime() - (opts.reopenWithinMs ?? 86_400_000));
    const closed = await tracker.findClosedSince(event.project, event.stack, since);
    if (closed) await commentOnce(tracker, closed, commentFor(event));
    return undefined;
  }
  // The other events belong to an open episode; without one there is nothing to add to.
  if (!issue) return undefined;
  if (event.kind === "steering") {
    // The reaction first: the comment is the answer a person waits for, and it comes once.
    if (event.commentId !== undefined && event.reaction) await tracker.react(issue, event.commentId, event.reaction);
    if (event.addLabels && event.addLabels.length > 0) await tracker.addLabels(issue, event.addLabels);
    for (const label of event.removeLabels ?? []) await tracker.removeLabel(issue, label);
  }
  if (event.kind !== "steering" || !event.quiet) await commentOnce(tracker, issue, commentFor(event));
  if (event.kind === "healed" || event.kind === "drift-resolved") await tracker.close(issue);
  if (event.kind === "heal-not-done" || event.kind === "heal-interrupted" || event.kind === "stack-stuck") {
    await tracker.addLabels(issue, [needsAttentionLabel]);
  }
  if (event.kind === "drift-flapping") await tracker.addLabels(issue, [flappingLabel, needsAttentionLabel]);
  return issue;
}
