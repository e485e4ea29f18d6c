// Stored records → the plain, detached snapshots `emulator.state` hands to tests.
import { githubTimestamp } from "./render.js";
import type { StoredIssue, StoredLabel } from "./store.js";
import type { IssueSnapshot, LabelSnapshot } from "./types.js";

export function snapshotIssue(issue: StoredIssue): IssueSnapshot {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    labels: [...issue.labelNames],
    comments: issue.comments.map((c) => ({
      id: c.id,
      body: c.body,
      author: c.author,
      createdAt: githubTimestamp(c.createdAt),
      updatedAt: githubTimestamp(c.updatedAt),
    })),
    author: issue.author,
    createdAt: githubTimestamp(issue.createdAt),
    updatedAt: githubTimestamp(issue.updatedAt),
    closedAt: issue.closedAt ? githubTimestamp(issue.closedAt) : null,
  };
}

export function snapshotLabel(label: StoredLabel): LabelSnapshot {
  return { name: label.name, color: label.color, description: label.description };
}
