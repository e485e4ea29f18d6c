// The issue tracker on GitHub issues. A tracking issue is found by listing the issues the
// reconciler's own account opened (not the search API: its index lags and would make duplicates)
// and keeping those whose marker trailer names the stack, whatever labels they carry now. One that
// another account closed is still the episode's (deliver-event.ts reopens it while its drift is
// there). Issues and comments by anyone else never count, however their markers read; when signing
// is on (audit/github-signing.ts), neither do the account's own whose signature does not verify.
import { authorAssociationOf } from "../core/author-association.js";
import { ConfigError } from "../core/config-error.js";
import { httpStatusOf } from "../core/network-error.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { GitHubClient } from "./github-client.js";
import { isNote, isStackIssue, noteOf, trackedIssueFrom } from "./issue-body.js";
import type { BodySigner } from "./github-signing.js";
import type { IssueTracker, RepositoryRole } from "./issue-tracker.js";

const roles: readonly RepositoryRole[] = ["admin", "maintain", "write", "triage", "read"];

/** The fine-grained role, or the legacy permission when the answer has none. */
function roleOf(data: { permission?: string; role_name?: string }): RepositoryRole {
  const named = roles.find((r) => r === data.role_name);
  if (named) return named;
  return roles.find((r) => r === data.permission) ?? "none";
}

interface GitHubTrackerOptions {
  /** owner/name */
  repository: string;
  /** The label every tracking issue carries. */
  label: string;
  /** The login of the reconciler's own account (audit/github-author.ts). */
  author: () => Promise<string>;
  /** The signer when the reconciler signs what it writes (audit/github-signing.ts); default: off. */
  signing?: () => Promise<BodySigner | undefined>;
  /** Told once a cycle of each body by the author that does not verify (ignored). */
  warn?: (message: string) => void;
}

type Authored = { user?: { login: string } | null; body?: string | null; html_url?: string };

export function githubIssueTracker(client: GitHubClient, opts: GitHubTrackerOptions): IssueTracker {
  const [owner = "", repo = ""] = opts.repository.split("/");
  const where = { owner, repo };
  const signing = opts.signing ?? (() => Promise.resolve(undefined));
  const warned = new Set<string>();
  /** Logins are case-insensitive on GitHub. */
  const byLogin = async (): Promise<(item: Authored) => boolean> => {
    const login = (await opts.author()).toLowerCase();
    return (item) => item.user?.login.toLowerCase() === login;
  };
  /** By the reconciler's login and, when signing is on, signed by it; a forgery is named in a warning. */
  const byUs = async (): Promise<(item: Authored) => boolean> => {
    const [sameLogin, signer] = await Promise.all([byLogin(), signing()]);
    return (item) => {
      if (!sameLogin(item)) return false;
      if (!signer || signer.verify(item.body ?? "")) return true;
      const where = item.html_url ?? "an issue or comment";
      if (!warned.has(where)) {
        warned.add(where);
        opts.warn?.(`ignored ${where}: written as ${item.user?.login ?? "?"} but not signed with the reconciler's key`);
      }
      return false;
    };
  };
  const signed = async (body: string): Promise<string> => (await signing())?.sign(body) ?? body;
  /** Every comment on the issue, page by page; with `since`, only those updated since then (ISO 8601). */
  const listComments = (issue: TrackedIssue, since?: string) =>
    client.paginate(client.rest.issues.listComments, {
      ...where,
      issue_number: issue.number,
      per_page: 100,
      ...(since ? { since } : {}),
    });
  type Listed = Awaited<ReturnType<typeof listComments>>[number];
  // Each issue's comments are listed once a cycle (forget() ends it) and kept up to date with the
  // reconciler's own writes, never listed again for every event delivered.
  const cache = new Map<number, Promise<Listed[]>>();
  const commentsOf = (issue: TrackedIssue): Promise<Listed[]> => {
    let listed = cache.get(issue.number);
    if (!listed) {
      listed = listComments(issue);
      listed.catch(() => cache.delete(issue.number));
      cache.set(issue.number, listed);
    }
    return listed;
  };
  /** Comments changed since the newest one known (another reconciler's, written at the same moment), merged in. */
  const refresh = async (issue: TrackedIssue): Promise<void> => {
    const known = cache.get(issue.number);
    if (!known) return;
    const kept = await known;
    const newest = kept.reduce((max, c) => (c.updated_at > max ? c.updated_at : max), "");
    const fresh = await listComments(issue, newest || undefined);
    const ids = new Set(fresh.map((c) => c.id));
    const merged = [...kept.filter((c) => !ids.has(c.id)), ...fresh].sort((a, b) => a.id - b.id);
    cache.set(issue.number, Promise.resolve(merged));
  };
  /** Who closed each issue, by `number@closed_at` ("" for no one known). */
  const closers = new Map<string, string>();
  type ListedIssue = {
    number: number;
    body?: string | null;
    html_url: string;
    labels: Array<string | { name?: string }>;
  };
  const tracked = (i: ListedIssue, closedBy?: { login: string; at: string }): TrackedIssue => ({
    ...trackedIssueFrom(i.number, i.body ?? "", i.html_url),
    labels: i.labels.flatMap((l) => (typeof l === "string" ? [l] : l.name ? [l.name] : [])),
    ...(closedBy ? { closedBy } : {}),
  });
  /**
   * The stack's closed issues written by the reconciler, the latest close first. The most recently
   * updated first page is enough: an issue is updated when it is closed.
   */
  const closedStackIssues = async (project: string, stack: string) => {
    const ours = await byUs();
    const { data } = await client.rest.issues.listForRepo({
      ...where,
      state: "closed",
      creator: await opts.author(),
      sort: "updated",
      direction: "desc",
      per_page: 100,
    });
    return data
      .filter((i) => !i.pull_request && ours(i) && isStackIssue(i.body ?? "", project, stack) && i.closed_at)
      .sort((a, b) => (b.closed_at ?? "").localeCompare(a.closed_at ?? ""));
  };
  /**
   * The stack's most recently closed issue when an account other than the reconciler closed it:
   * the episode it tracks did not end. Only a closed issue's own answer says who closed it.
   */
  const closedByOthers = async (project: string, stack: string): Promise<TrackedIssue | undefined> => {
    const [last] = await closedStackIssues(project, stack);
    if (!last?.closed_at) return undefined;
    // Who closed an issue at a given moment never changes: asked once per close, not every cycle.
    const key = `${last.number}@${last.closed_at}`;
    let closer = closers.get(key);
    if (closer === undefined) {
      const { data: issue } = await client.rest.issues.get({ ...where, issue_number: last.number });
      closer = issue.state === "closed" && issue.closed_at === last.closed_at ? (issue.closed_by?.login ?? "") : "";
      if (closers.size >= 1000) closers.clear();
      closers.set(key, closer);
    }
    // Who closed it is a login, never a body to check: compared with the reconciler's own login.
    if (closer === "" || closer.toLowerCase() === (await opts.author()).toLowerCase()) return undefined;
    return tracked(last, { login: closer, at: new Date(last.closed_at).toISOString() });
  };
  return {
    forget() {
      cache.clear();
      warned.clear();
    },
    async findOpen(project, stack) {
      const login = await opts.author();
      const ours = await byUs();
      const issues = await client.paginate(client.rest.issues.listForRepo, {
        ...where,
        state: "open",
        creator: login,
        per_page: 100,
      });
      const found = issues
        .filter((i) => !i.pull_request && ours(i) && isStackIssue(i.body ?? "", project, stack))
        .sort((a, b) => a.number - b.number)[0];
      return found ? tracked(found) : closedByOthers(project, stack);
    },
    async create(_project, _stack, title, body, labels) {
      const ours = await byUs();
      const { data } = await client.rest.issues.create({ ...where, title, body: await signed(body), labels });
      // Otherwise the next cycle would not know this issue as its own and open another.
      if (!ours(data)) {
        throw new ConfigError(
          `audit.github.author: issue #${data.number} was opened by ${data.user?.login ?? "an unknown account"}, ` +
            `not by ${await opts.author()}; set author to the login that opens the issues`,
        );
      }
      return trackedIssueFrom(data.number, body, data.html_url);
    },
    async updateBody(issue: TrackedIssue, body) {
      await client.rest.issues.update({ ...where, issue_number: issue.number, body: await signed(body) });
    },
    async hasNote(issue, noteKey) {
      const ours = await byUs();
      const comments = await commentsOf(issue);
      return comments.some((c) => ours(c) && isNote(c.body ?? "", noteKey));
    },
    async comment(issue, body) {
      const { data } = await client.rest.issues.createComment({
        ...where,
        issue_number: issue.number,
        body: await signed(body),
      });
      await refresh(issue);
      return data.id;
    },
    async deleteComment(issue, id) {
      await client.rest.issues.deleteComment({ ...where, comment_id: id });
      const known = cache.get(issue.number);
      if (known) cache.set(issue.number, Promise.resolve((await known).filter((c) => c.id !== id)));
    },
    async addLabels(issue, labels) {
      await client.rest.issues.addLabels({ ...where, issue_number: issue.number, labels });
    },
    async close(issue) {
      await client.rest.issues.update({
        ...where,
        issue_number: issue.number,
        state: "closed",
        state_reason: "completed",
      });
    },
    async findClosedSince(project, stack, since) {
      const [found] = (await closedStackIssues(project, stack)).filter(
        (i) => i.closed_at !== null && new Date(i.closed_at).getTime() >= since.getTime(),
      );
      return found ? trackedIssueFrom(found.number, found.body ?? "", found.html_url) : undefined;
    },
    async reopen(issue) {
      await client.rest.issues.update({ ...where, issue_number: issue.number, state: "open" });
    },
    async notes(issue) {
      const ours = await byUs();
      const comments = await commentsOf(issue);
      return comments.flatMap((c) => (ours(c) ? noteOf(c.body ?? "", c.created_at, c.id) : []));
    },
    async comments(issue, since) {
      // Anything written as the reconciler's login is never a person's command, signed or not.
      const ours = await byLogin();
      const after = since ? new Date(since).getTime() : -Infinity;
      const comments = (await commentsOf(issue)).filter((c) => new Date(c.updated_at).getTime() >= after);
      return comments.flatMap((c) => {
        if (ours(c) || !c.user) return [];
        const association = authorAssociationOf(c.author_association);
        return [
          {
            id: c.id,
            author: c.user.login,
            body: c.body ?? "",
            at: new Date(c.created_at).toISOString(),
            updatedAt: new Date(c.updated_at).toISOString(),
            ...(association ? { association } : {}),
          },
        ];
      });
    },
    async permission(login) {
      try {
        const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...where, username: login });
        return roleOf(data);
      } catch (err) {
        // Not a collaborator (or no such user): no access.
        if (httpStatusOf(err) === 404) return "none";
        throw err;
      }
    },
    async react(_issue, commentId, reaction) {
      await client.rest.reactions.createForIssueComment({ ...where, comment_id: commentId, content: reaction });
    },
    async removeLabel(issue, label) {
      try {
        await client.rest.issues.removeLabel({ ...where, issue_number: issue.number, name: label });
      } catch (err) {
        if (httpStatusOf(err) !== 404) throw err;
      }
    },
  };
}
