// The stack's tracking issue as one delivery run knows it. Answers to people's commands (steering
// events) react, label and comment on the issue but never open, close or reopen it, so a run of
// them shares one lookup: a flood of commands costs one lookup per run, not one per answer. Every
// other event looks the issue up afresh and makes the next answer look again. Kept for one run
// only (deliver-audit-events.ts makes one per run), never across runs.
import type { TrackedIssue } from "../core/tracked-issue.js";
import { stackPath } from "../core/stack-id.js";
import type { AuditEvent } from "./audit-events.js";
import type { IssueTracker } from "./issue-tracker.js";

export interface DeliveryLookup {
  /** The open issue (or the one another account closed) the event goes to. */
  find(event: AuditEvent): Promise<TrackedIssue | undefined>;
  /** The event was delivered, or failed: what it may have changed is looked up again. */
  settled(event: AuditEvent): void;
}

export function deliveryLookup(tracker: Pick<IssueTracker, "findOpen">): DeliveryLookup {
  const known = new Map<string, Promise<TrackedIssue | undefined>>();
  return {
    find(event) {
      if (event.kind !== "steering") return tracker.findOpen(event.project, event.stack);
      const key = stackPath(event);
      let found = known.get(key);
      if (!found) {
        found = tracker.findOpen(event.project, event.stack);
        // A failed lookup is not an answer: the next event asks again.
        found.catch(() => known.delete(key));
        known.set(key, found);
      }
      return found;
    },
    settled(event) {
      if (event.kind !== "steering") known.delete(stackPath(event));
    },
  };
}
