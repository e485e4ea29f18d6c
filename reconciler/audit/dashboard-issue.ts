// The drift dashboard on GitHub: one issue, found by its label and the note marker of its body
// and owned like the tracking issues (only the reconciler's own account's issue and comments
// count). Each shard owns one comment, its section, found by its own note marker: two shards
// writing at the same time touch different comments, so neither can lose what the other wrote
// (a marked section inside one shared body would be a read-modify-write that a concurrent
// shard could overwrite). The body only indexes the shards, derived from their comments, so
// whoever writes it last writes what both wrote. Nothing is written when nothing changed.
import { formatDuration } from "../core/duration.js";
import { readTrailer } from "../core/marker-trailer.js";
import {
  dashboardNote,
  renderDashboardBody,
  renderShardSection,
  sectionCounts,
  sectionFingerprint,
  shardNote,
  shardOfNote,
  type ShardReport,
  type ShardSection,
} from "../core/render-dashboard.js";
import type { GitHubClient } from "./github-client.js";

export interface DashboardIssueOptions {
  /** owner/name */
  repository: string;
  title: string;
  label: string;
  /** The login of the reconciler's own account (audit/github-author.ts). */
  author: () => Promise<string>;
  now: () => Date;
  staleAfterMs: number;
}

/** What publishing a section did: the issue, and each write it made. */
export interface DashboardWrite {
  issue: number;
  writes: string[];
}

interface Comment {
  id: number;
  body: string;
  ours: boolean;
}

type Authored = { user?: { login: string } | null };

/** A section is written again when older than this even if nothing in it changed, so it never looks stale. */
export const refreshShare = 4;

export function githubDashboard(client: GitHubClient, opts: DashboardIssueOptions) {
  const [owner = "", repo = ""] = opts.repository.split("/");
  const where = { owner, repo };
  const isOurs = async (): Promise<(item: Authored) => boolean> => {
    const login = (await opts.author()).toLowerCase();
    return (item) => item.user?.login.toLowerCase() === login;
  };

  /** Our open dashboard issues, oldest first: the oldest is the dashboard. */
  const findAll = async () => {
    const ours = await isOurs();
    const issues = await client.paginate(client.rest.issues.listForRepo, {
      ...where,
      state: "open",
      labels: opts.label,
      per_page: 100,
    });
    return issues
      .filter((i) => !i.pull_request && ours(i) && readTrailer(i.body ?? "")?.note === dashboardNote)
      .sort((a, b) => a.number - b.number)
      .map((i) => ({ number: i.number, body: i.body ?? "" }));
  };

  /**
   * The dashboard issue, opened when there is none. Two shards that open one at the same time
   * both keep the oldest and close their own newer one.
   */
  const ensureIssue = async (writes: string[]) => {
    const found = (await findAll())[0];
    if (found) return found;
    const body = renderDashboardBody({ count: 0, shards: [], now: opts.now(), staleAfterMs: 0, refreshEvery: "" });
    const { data } = await client.rest.issues.create({ ...where, title: opts.title, body, labels: [opts.label] });
    writes.push(`open #${data.number}`);
    const oldest = (await findAll())[0] ?? { number: data.number, body };
    if (oldest.number !== data.number) {
      await client.rest.issues.update({
        ...where,
        issue_number: data.number,
        state: "closed",
        state_reason: "not_planned",
      });
      writes.push(`close duplicate #${data.number}`);
    }
    return oldest;
  };

  const listComments = async (issue: number): Promise<Comment[]> => {
    const ours = await isOurs();
    const comments = await client.paginate(client.rest.issues.listComments, {
      ...where,
      issue_number: issue,
      per_page: 100,
    });
    return comments.map((c) => ({ id: c.id, body: c.body ?? "", ours: ours(c) }));
  };

  /** The shard's comment: rewritten when its content changed or it is getting old; duplicates removed. */
  const writeSection = async (issue: number, comments: Comment[], section: ShardSection, writes: string[]) => {
    const key = shardNote(section.shard);
    const mine = comments.filter((c) => c.ours && readTrailer(c.body)?.note === key).sort((a, b) => a.id - b.id);
    for (const extra of mine.slice(1)) {
      await client.rest.issues.deleteComment({ ...where, comment_id: extra.id });
      writes.push(`delete duplicate comment ${extra.id}`);
    }
    const current = mine[0];
    const markers = current ? readTrailer(current.body) : undefined;
    const age = opts.now().getTime() - Date.parse(markers?.since ?? "");
    const fresh = age >= 0 && age < opts.staleAfterMs / refreshShare;
    if (current && markers?.fingerprint === sectionFingerprint(section) && fresh) return false;
    const body = renderShardSection(section);
    if (current) {
      await client.rest.issues.updateComment({ ...where, comment_id: current.id, body });
      writes.push(`edit comment ${current.id}`);
    } else {
      const { data } = await client.rest.issues.createComment({ ...where, issue_number: issue, body });
      writes.push(`comment ${data.id}`);
    }
    return true;
  };

  /** Sections of an earlier shard count are gone from the fleet: their comments are removed. */
  const removeObsolete = async (comments: Comment[], count: number, writes: string[]) => {
    for (const c of comments) {
      const shard = c.ours ? shardOfNote(readTrailer(c.body)?.note) : undefined;
      if (!shard || shard.count === count) continue;
      await client.rest.issues.deleteComment({ ...where, comment_id: c.id });
      writes.push(`delete comment ${c.id} of shard ${shard.index + 1}/${shard.count}`);
    }
  };

  /** The body the shards' comments call for. */
  const bodyFrom = (comments: Comment[], count: number) => {
    const reports: ShardReport[] = comments.flatMap((c) => {
      const markers = c.ours ? readTrailer(c.body) : undefined;
      const shard = shardOfNote(markers?.note);
      if (!shard || shard.count !== count) return [];
      return [{ shard, reportedAt: markers?.since ?? "", ...sectionCounts(c.body) }];
    });
    return renderDashboardBody({
      count,
      shards: reports,
      now: opts.now(),
      staleAfterMs: opts.staleAfterMs,
      refreshEvery: formatDuration(opts.staleAfterMs / refreshShare),
    });
  };

  /**
   * Writes the body when the comments call for another one, then reads both again: a shard
   * that wrote its body from an older listing at the same moment is corrected at once, so
   * the dashboard settles within the cycle and the next one finds nothing to write.
   */
  const settleBody = async (
    issue: { number: number; body: string },
    comments: Comment[],
    count: number,
    writes: string[],
  ) => {
    let [current, listed] = [issue.body, comments];
    for (let round = 0; round < 3; round++) {
      const body = bodyFrom(listed, count);
      if (body === current) return;
      await client.rest.issues.update({ ...where, issue_number: issue.number, body });
      writes.push(`edit body of #${issue.number}`);
      listed = await listComments(issue.number);
      current = (await client.rest.issues.get({ ...where, issue_number: issue.number })).data.body ?? "";
    }
  };

  return {
    /** Publishes this shard's section, and the body when the index of shards changed. */
    async publish(section: ShardSection): Promise<DashboardWrite> {
      const writes: string[] = [];
      const issue = await ensureIssue(writes);
      let comments = await listComments(issue.number);
      await removeObsolete(comments, section.shard.count, writes);
      if (await writeSection(issue.number, comments, section, writes)) comments = await listComments(issue.number);
      await settleBody(issue, comments, section.shard.count, writes);
      return { issue: issue.number, writes };
    },
  };
}

export type GitHubDashboard = ReturnType<typeof githubDashboard>;
