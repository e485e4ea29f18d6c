// Stored records → the plain, detached snapshots `emulator.state` hands to tests.
import { githubTimestamp } from "./render.js";
import type { StoredComment, StoredIssue, StoredLabel } from "./store.js";
import type { CommentSnapshot, IssueSnapshot, LabelSnapshot } from "./types.js";

export function snapshotComment(comment: StoredComment): CommentSnapshot {
  return {
    id: comment.id,
    body: comment.body,
    author: comment.author,
    createdAt: githubTimestamp(comment.createdAt),
    updatedAt: githubTimestamp(comment.updatedAt),
    reactions: comment.reactions.map((r) => ({ content: r.content, user: r.user })),
  };
}

export function snapshotIssue(issue: StoredIssue): IssueSnapshot {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    stateReason: issue.stateReason,
    labels: [...issue.labelNames],
    comments: issue.comments.map(snapshotComment),
    author: issue.author,
    createdAt: githubTimestamp(issue.createdAt),
    updatedAt: githubTimestamp(issue.updatedAt),
    closedAt: issue.closedAt ? githubTimestamp(issue.closedAt) : null,
  };
}

export function snapshotLabel(label: StoredLabel): LabelSnapshot {
  return { name: label.name, color: label.color, description: label.description };
}
