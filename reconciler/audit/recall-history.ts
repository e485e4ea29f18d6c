// The stack's history, read back from its tracking issue before each decision: when the open
// episode began (its trailer's `since`), and the verified heals on the open issue or on the
// one that closed within the flapping window (a returning drift reopens it, so its heals add up).
import type { StackHistory } from "../core/stack-history.js";
import type { TrackedIssue, TrackedNote } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import { healedNotePrefix } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";

/**
 * The history, and the open issue it came from (people's commands are read from it) with the
 * reconciler's notes on it (its answers record what it decided from each command).
 */
export async function recallEpisode(
  tracker: IssueTracker,
  identity: { project: string; stack: string },
  windowStart: Date,
): Promise<{ history: StackHistory; open?: TrackedIssue; notes: TrackedNote[] }> {
  const open = await tracker.findOpen(identity.project, identity.stack);
  const issue: TrackedIssue | undefined =
    open ?? (await tracker.findClosedSince(identity.project, identity.stack, windowStart));
  const notes = issue ? await tracker.notes(issue) : [];
  const heals = notes.flatMap((note) => {
    if (!note.key.startsWith(healedNotePrefix)) return [];
    const [fingerprint] = note.key.slice(healedNotePrefix.length).split(".");
    return fingerprint ? [{ fingerprint, at: note.at }] : [];
  });
  const history: StackHistory = {
    ...(open?.since ? { episodeSince: open.since } : {}),
    heals,
    ...(open?.fingerprint ? { fingerprint: open.fingerprint } : {}),
  };
  return open ? { history, open, notes } : { history, notes };
}

/** Heals verified here but not yet on the tracker (it was down) still count. */
export function withJournaledHeals(history: StackHistory, pending: readonly AuditEvent[]): StackHistory {
  const known = new Set(history.heals.map((h) => `${h.fingerprint}@${h.at}`));
  const extra = pending.flatMap((e) =>
    e.kind === "healed" && !known.has(`${e.fingerprint}@${e.at}`) ? [{ fingerprint: e.fingerprint, at: e.at }] : [],
  );
  return extra.length > 0 ? { ...history, heals: [...history.heals, ...extra] } : history;
}

/**
 * An episode opened here but not yet on the tracker (it was down) is the open episode: the same
 * drift seen again is the same fact, not a new episode each cycle, and its end can be told.
 */
export function withJournaledEpisode(
  history: StackHistory,
  pending: readonly AuditEvent[],
  identity: { project: string; stack: string },
): StackHistory {
  if (history.episodeSince) return history;
  let since: string | undefined;
  for (const e of pending) {
    if (e.project !== identity.project || e.stack !== identity.stack) continue;
    if (e.kind === "drift-detected" && e.episode !== "changed") since ??= e.at;
    if (e.kind === "healed" || e.kind === "drift-resolved") since = undefined;
  }
  return since ? { ...history, episodeSince: since } : history;
}
