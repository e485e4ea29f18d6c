// The emulator's issue state: repositories (created on first use), their issues, comments and labels.
// No HTTP here: handlers validate input, the store applies GitHub's semantics (auto-created labels,
// closed_at and state_reason on state changes, comment counts through `comments`, one reaction per
// user and content on a comment).
import type { IssueState, ReactionContent, StateReason } from "./types.js";

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface StoredReaction {
  id: number;
  content: ReactionContent;
  user: string;
  createdAt: Date;
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first. */
  reactions: StoredReaction[];
}

export interface StoredIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason | null;
  labelNames: string[];
  comments: StoredComment[];
  author: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Who closed it last (GitHub's closed_by); null while open or never closed. */
  closedBy: string | null;
}

export interface StoredRepo {
  owner: string;
  name: string;
  issues: StoredIssue[];
  labels: StoredLabel[];
}

export interface NewIssue {
  title: string;
  body: string | null;
  labels: string[];
  author: string;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: IssueState;
  stateReason?: StateReason | null;
  labels?: string[];
  /** The account that makes the change (closed_by when it closes the issue). */
  by?: string;
}

export interface NewLabel {
  name: string;
  color?: string;
  description?: string | null;
}

export interface IssueStore {
  /** Every repository exists; the first mention creates it. Owner and name are case-insensitive. */
  repo(owner: string, name: string): StoredRepo;
  /** Repositories mentioned so far, without creating one. */
  findRepo(owner: string, name: string): StoredRepo | undefined;
  createIssue(repo: StoredRepo, input: NewIssue): StoredIssue;
  updateIssue(repo: StoredRepo, issue: StoredIssue, patch: IssuePatch): StoredIssue;
  addComment(issue: StoredIssue, body: string, author: string): StoredComment;
  findComment(repo: StoredRepo, id: number): StoredComment | undefined;
  updateComment(comment: StoredComment, body: string): StoredComment;
  deleteComment(repo: StoredRepo, id: number): boolean;
  /** The user's reaction with that content: the existing one (created false) or a new one. */
  addReaction(
    comment: StoredComment,
    content: ReactionContent,
    user: string,
  ): { reaction: StoredReaction; created: boolean };
  deleteReaction(comment: StoredComment, id: number): boolean;
  /** True when the login wrote an issue or comment, or reacted, anywhere. */
  hasActed(login: string): boolean;
  addLabels(repo: StoredRepo, issue: StoredIssue, names: string[]): void;
  setLabels(repo: StoredRepo, issue: StoredIssue, names: string[]): void;
  /** False when the issue did not carry the label. */
  removeLabel(issue: StoredIssue, name: string): boolean;
  /** Undefined when a label of that name (case-insensitive) already exists. */
  createLabel(repo: StoredRepo, input: NewLabel): StoredLabel | undefined;
  findLabel(repo: StoredRepo, name: string): StoredLabel | undefined;
  reset(): void;
}

const DEFAULT_LABEL_COLOR = "ededed";

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function createIssueStore(now: () => Date): IssueStore {
  let repos = new Map<string, StoredRepo>();
  let nextIssueId = 1;
  let nextCommentId = 1;
  let nextLabelId = 1;
  let nextReactionId = 1;

  const findLabel = (repo: StoredRepo, name: string) => repo.labels.find((l) => sameName(l.name, name));

  const insertLabel = (repo: StoredRepo, input: NewLabel): StoredLabel => {
    const label = {
      id: nextLabelId++,
      name: input.name,
      color: input.color ?? DEFAULT_LABEL_COLOR,
      description: input.description ?? null,
    };
    repo.labels.push(label);
    return label;
  };

  const createLabel = (repo: StoredRepo, input: NewLabel): StoredLabel | undefined =>
    findLabel(repo, input.name) ? undefined : insertLabel(repo, input);

  // GitHub creates labels it has not seen when they are applied to an issue, and keeps the
  // repository's spelling of a name it knows.
  const ensureLabel = (repo: StoredRepo, name: string): StoredLabel =>
    findLabel(repo, name) ?? insertLabel(repo, { name });

  const applyLabels = (repo: StoredRepo, issue: StoredIssue, names: string[]): void => {
    for (const name of names) {
      const label = ensureLabel(repo, name);
      if (!issue.labelNames.some((n) => sameName(n, label.name))) issue.labelNames.push(label.name);
    }
  };

  const applyState = (issue: StoredIssue, patch: IssuePatch, at: Date): void => {
    if (patch.state === "closed" && issue.state === "open") {
      issue.state = "closed";
      issue.closedAt = at;
      issue.closedBy = patch.by ?? null;
      issue.stateReason = patch.stateReason ?? "completed";
    } else if (patch.state === "open" && issue.state === "closed") {
      issue.state = "open";
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = "reopened";
    } else if (issue.state === "closed" && patch.stateReason) {
      issue.stateReason = patch.stateReason;
    }
  };

  return {
    repo(owner, name) {
      const key = `${owner}/${name}`.toLowerCase();
      let repo = repos.get(key);
      if (!repo) {
        repo = { owner, name, issues: [], labels: [] };
        repos.set(key, repo);
      }
      return repo;
    },
    findRepo: (owner, name) => repos.get(`${owner}/${name}`.toLowerCase()),
    createIssue(repo, input) {
      const at = now();
      const issue: StoredIssue = {
        id: nextIssueId++,
        number: repo.issues.length + 1,
        title: input.title,
        body: input.body,
        state: "open",
        stateReason: null,
        labelNames: [],
        comments: [],
        author: input.author,
        createdAt: at,
        updatedAt: at,
        closedAt: null,
        closedBy: null,
      };
      applyLabels(repo, issue, input.labels);
      repo.issues.push(issue);
      return issue;
    },
    updateIssue(repo, issue, patch) {
      const at = now();
      if (patch.title !== undefined) issue.title = patch.title;
      if (patch.body !== undefined) issue.body = patch.body;
      if (patch.labels !== undefined) {
        issue.labelNames = [];
        applyLabels(repo, issue, patch.labels);
      }
      applyState(issue, patch, at);
      issue.updatedAt = at;
      return issue;
    },
    addComment(issue, body, author) {
      const at = now();
      const comment = {
        id: nextCommentId++,
        issueNumber: issue.number,
        body,
        author,
        createdAt: at,
        updatedAt: at,
        reactions: [],
      };
      issue.comments.push(comment);
      issue.updatedAt = at;
      return comment;
    },
    findComment: (repo, id) => repo.issues.flatMap((i) => i.comments).find((c) => c.id === id),
    deleteComment(repo, id) {
      for (const issue of repo.issues) {
        const at = issue.comments.findIndex((c) => c.id === id);
        if (at === -1) continue;
        issue.comments.splice(at, 1);
        return true;
      }
      return false;
    },
    addReaction(comment, content, user) {
      const existing = comment.reactions.find((r) => r.content === content && sameName(r.user, user));
      if (existing) return { reaction: existing, created: false };
      const reaction = { id: nextReactionId++, content, user, createdAt: now() };
      comment.reactions.push(reaction);
      return { reaction, created: true };
    },
    deleteReaction(comment, id) {
      const before = comment.reactions.length;
      comment.reactions = comment.reactions.filter((r) => r.id !== id);
      return comment.reactions.length < before;
    },
    hasActed(login) {
      const by = (who: string) => sameName(who, login);
      return [...repos.values()].some((repo) =>
        repo.issues.some(
          (i) => by(i.author) || i.comments.some((c) => by(c.author) || c.reactions.some((r) => by(r.user))),
        ),
      );
    },
    updateComment(comment, body) {
      comment.body = body;
      comment.updatedAt = now();
      return comment;
    },
    addLabels(repo, issue, names) {
      applyLabels(repo, issue, names);
      issue.updatedAt = now();
    },
    setLabels(repo, issue, names) {
      issue.labelNames = [];
      applyLabels(repo, issue, names);
      issue.updatedAt = now();
    },
    removeLabel(issue, name) {
      const before = issue.labelNames.length;
      issue.labelNames = issue.labelNames.filter((n) => !sameName(n, name));
      if (issue.labelNames.length === before) return false;
      issue.updatedAt = now();
      return true;
    },
    createLabel,
    findLabel,
    reset() {
      repos = new Map();
      nextIssueId = 1;
      nextCommentId = 1;
      nextLabelId = 1;
      nextReactionId = 1;
    },
  };
}
