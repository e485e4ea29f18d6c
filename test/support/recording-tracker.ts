// An in-memory issue tracker that records every call, for unit tests of the episode
// lifecycle: tests assert on what was asked of the tracker, in order.
import type { IssueTracker, PeopleComment, RepositoryRole } from "../../reconciler/audit/issue-tracker.js";
import type { AuthorAssociation } from "../../reconciler/core/author-association.js";
import { isNote, isStackIssue, noteOf, trackedIssueFrom } from "../../reconciler/audit/issue-body.js";

export interface MemoryIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  comments: string[];
  commentedAt: string[];
  closedAt?: string;
  /** Comments by people (not the reconciler), with reactions the reconciler left on them. */
  people: Array<PeopleComment & { reactions: string[] }>;
}

export interface RecordingTracker extends IssueTracker {
  issues: MemoryIssue[];
  /** Each write, e.g. "create #1", "comment #1", "close #1". */
  calls: string[];
  /** Repository roles by login; anyone not named has none. */
  roles: Record<string, RepositoryRole>;
  /** A person writes a comment on an issue (GitHub's author_association with it, if given); returns its id. */
  personComments(issueNumber: number, author: string, body: string, association?: AuthorAssociation): number;
  /** A person edits their comment: a new text and updated_at. */
  personEdits(issueNumber: number, commentId: number, body: string): void;
}

/** `now`: the tracker's clock, for comment and close times (default: a fixed time). */
export function recordingTracker(now: () => Date = () => new Date("2024-06-12T12:00:00Z")): RecordingTracker {
  const issues: MemoryIssue[] = [];
  const calls: string[] = [];
  const roles: Record<string, RepositoryRole> = {};
  let nextCommentId = 1000;
  const find = (number: number): MemoryIssue => {
    const issue = issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  };
  return {
    issues,
    calls,
    roles,
    personComments(issueNumber, author, body, association) {
      const at = now().toISOString();
      const id = nextCommentId++;
      const associated = association ? { association } : {};
      find(issueNumber).people.push({ id, author, body, at, updatedAt: at, ...associated, reactions: [] });
      return id;
    },
    personEdits(issueNumber, commentId, body) {
      const comment = find(issueNumber).people.find((c) => c.id === commentId);
      if (!comment) throw new Error(`no comment ${commentId} on #${issueNumber}`);
      comment.body = body;
      comment.updatedAt = now().toISOString();
    },
    async findOpen(project, stack) {
      const issue = issues.find((i) => i.state === "open" && isStackIssue(i.body, project, stack));
      return issue ? trackedIssueFrom(issue.number, issue.body) : undefined;
    },
    async create(_project, _stack, title, body, labels) {
      const issue: MemoryIssue = {
        number: issues.length + 1,
        title,
        body,
        state: "open",
        labels,
        comments: [],
        commentedAt: [],
        people: [],
      };
      issues.push(issue);
      calls.push(`create #${issue.number}`);
      return trackedIssueFrom(issue.number, body);
    },
    async updateBody(issue, body) {
      find(issue.number).body = body;
      calls.push(`update-body #${issue.number}`);
    },
    async hasNote(issue, noteKey) {
      return find(issue.number).comments.some((c) => isNote(c, noteKey));
    },
    async comment(issue, body) {
      const found = find(issue.number);
      found.comments.push(body);
      found.commentedAt.push(now().toISOString());
      calls.push(`comment #${issue.number}`);
      return undefined;
    },
    async deleteComment(issue, id) {
      calls.push(`delete-comment #${issue.number} ${id}`);
    },
    async addLabels(issue, labels) {
      const found = find(issue.number);
      found.labels = [...new Set([...found.labels, ...labels])];
      calls.push(`label #${issue.number} ${labels.join(",")}`);
    },
    async close(issue) {
      const found = find(issue.number);
      found.state = "closed";
      found.closedAt = now().toISOString();
      calls.push(`close #${issue.number}`);
    },
    async findClosedSince(project, stack, since) {
      const found = issues
        .filter((i) => i.state === "closed" && isStackIssue(i.body, project, stack))
        .filter((i) => i.closedAt !== undefined && new Date(i.closedAt).getTime() >= since.getTime())
        .at(-1);
      return found ? trackedIssueFrom(found.number, found.body) : undefined;
    },
    async reopen(issue) {
      find(issue.number).state = "open";
      calls.push(`reopen #${issue.number}`);
    },
    async notes(issue) {
      const found = find(issue.number);
      return found.comments.flatMap((body, i) => {
        const at = found.commentedAt[i];
        return at ? noteOf(body, at) : [];
      });
    },
    async comments(issue, since) {
      return find(issue.number)
        .people.filter((c) => since === undefined || c.updatedAt >= since)
        .map(({ reactions: _reactions, ...comment }) => comment);
    },
    async permission(login) {
      calls.push(`permission ${login}`);
      return roles[login] ?? "none";
    },
    async react(issue, commentId, reaction) {
      const comment = find(issue.number).people.find((c) => c.id === commentId);
      if (!comment) throw new Error(`no comment ${commentId} on #${issue.number}`);
      if (!comment.reactions.includes(reaction)) comment.reactions.push(reaction);
      calls.push(`react #${issue.number} ${commentId} ${reaction}`);
    },
    async removeLabel(issue, label) {
      const found = find(issue.number);
      found.labels = found.labels.filter((l) => l !== label);
      calls.push(`unlabel #${issue.number} ${label}`);
    },
  };
}
