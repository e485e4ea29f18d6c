// The audit trail's view of an issue tracker: what the episode lifecycle (deliver-event.ts)
// needs from GitHub issues or from the local trail on disk. A new tracker implements this.
import type { AuthorAssociation } from "../core/author-association.js";
import type { TrackedIssue, TrackedNote } from "../core/tracked-issue.js";

/** A comment someone other than the reconciler wrote on a tracking issue: untrusted input. */
export interface PeopleComment {
  id: number;
  author: string;
  body: string;
  /** When it was written (ISO 8601). */
  at: string;
  /** When it was last changed (ISO 8601): what `since` filters on. */
  updatedAt: string;
  /** How GitHub says the author relates to the repository; absent where unknown (core/author-association.ts). */
  association?: AuthorAssociation;
}

/** A person's role on the repository, as GitHub names it; "none" for no access. */
export type RepositoryRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export type Reaction = "+1" | "confused";

export interface IssueTracker {
  /** Ends a cycle: what was read from the tracker and kept for the cycle is read afresh next time. */
  forget?(): void;
  findOpen(project: string, stack: string): Promise<TrackedIssue | undefined>;
  create(project: string, stack: string, title: string, body: string, labels: string[]): Promise<TrackedIssue>;
  updateBody(issue: TrackedIssue, body: string): Promise<void>;
  hasNote(issue: TrackedIssue, noteKey: string): Promise<boolean>;
  /** Adds a comment; returns its id where the tracker has one. */
  comment(issue: TrackedIssue, body: string): Promise<number | undefined>;
  /** Removes one of the reconciler's own comments (a duplicate of a note written at the same moment). */
  deleteComment(issue: TrackedIssue, id: number): Promise<void>;
  addLabels(issue: TrackedIssue, labels: string[]): Promise<void>;
  /** Closes as completed. */
  close(issue: TrackedIssue): Promise<void>;
  /** The stack's most recently closed issue, if it closed after `since` (a returning drift reopens it). */
  findClosedSince(project: string, stack: string, since: Date): Promise<TrackedIssue | undefined>;
  reopen(issue: TrackedIssue): Promise<void>;
  /** The note keys of the reconciler's own comments on the issue, with when each was written. */
  notes(issue: TrackedIssue): Promise<TrackedNote[]>;
  /** Comments by anyone but the reconciler, oldest first; only those changed at or after `since`. */
  comments(issue: TrackedIssue, since?: string): Promise<PeopleComment[]>;
  /** What the person may do on the repository. */
  permission(login: string): Promise<RepositoryRole>;
  /** Reacts on a person's comment (applied or rejected). */
  react(issue: TrackedIssue, commentId: number, reaction: Reaction): Promise<void>;
  /** Removes a label; one that is not there is no error. */
  removeLabel(issue: TrackedIssue, label: string): Promise<void>;
}
