// The embedded default when no repository is configured: the same lifecycle, kept on
// disk. issues.json holds the episodes; audit.jsonl is an append-only log of every
// change (one JSON object a line); audit.md is the same for people to read. All three through
// the durable-file store (files/durable-files.ts); an issues.json that is not of the shape below
// is moved aside to issues-corrupt.json with a warning, and the trail starts afresh.
import { join } from "node:path";
import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { jsonLines, type Warn } from "../core/durable-file.js";
import { withoutTrailer } from "../core/marker-trailer.js";
import { diskFiles } from "../files/durable-files.js";
import { isNote, isStackIssue, noteKeyOf, trackedIssueFrom } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";
import { stackPath } from "../core/stack-id.js";

const localIssueSchema = z.object({
  number: z.number().int().positive(),
  project: z.string(),
  stack: z.string(),
  title: z.string(),
  body: z.string(),
  state: z.enum(["open", "closed"]),
  labels: z.array(z.string()),
  comments: z.array(z.string()),
  /** When each comment was written, in the same order (older trails have none). */
  commentedAt: z.array(z.string()).optional(),
  closedAt: z.string().optional(),
});

const localStateSchema = z.object({ issues: z.array(localIssueSchema) });

type LocalIssue = z.infer<typeof localIssueSchema>;
type LocalState = z.infer<typeof localStateSchema>;

export function localIssueTracker(dir: string, now: Clock, warn: Warn = () => undefined): IssueTracker {
  const stateFile = join(dir, "issues.json");
  const read = (): LocalState => diskFiles.readJson(stateFile, localStateSchema, warn) ?? { issues: [] };
  const write = (state: LocalState) => diskFiles.replace(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  const log = (action: string, issue: LocalIssue, text?: string) => {
    const at = now().toISOString();
    const { number, project, stack } = issue;
    diskFiles.append(
      join(dir, "audit.jsonl"),
      jsonLines([{ at, action, issue: number, project, stack, ...(text ? { text } : {}) }]),
    );
    const visible = withoutTrailer(text ?? "").trim();
    diskFiles.append(
      join(dir, "audit.md"),
      `## ${at} · #${issue.number} ${stackPath(issue)} · ${action}\n\n${visible ? `${visible}\n\n` : ""}`,
    );
  };
  const update = (number: number, change: (issue: LocalIssue) => void): LocalIssue => {
    const state = read();
    const issue = state.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`local audit trail: no issue #${number} in ${stateFile}`);
    change(issue);
    write(state);
    return issue;
  };
  return {
    async findOpen(project, stack) {
      const issue = read().issues.find((i) => i.state === "open" && isStackIssue(i.body, project, stack));
      return issue ? trackedIssueFrom(issue.number, issue.body) : undefined;
    },
    async create(project, stack, title, body, labels) {
      const state = read();
      const issue: LocalIssue = {
        number: state.issues.length + 1,
        project,
        stack,
        title,
        body,
        state: "open",
        labels,
        comments: [],
      };
      state.issues.push(issue);
      write(state);
      log(`opened: ${title} [${labels.join(", ")}]`, issue, body);
      return trackedIssueFrom(issue.number, body);
    },
    async updateBody(issue, body) {
      update(issue.number, (i) => (i.body = body));
    },
    async hasNote(issue, noteKey) {
      const found = read().issues.find((i) => i.number === issue.number);
      return found?.comments.some((c) => isNote(c, noteKey)) ?? false;
    },
    async comment(issue, body) {
      const at = now().toISOString();
      const written = update(issue.number, (i) => {
        i.commentedAt = [...(i.commentedAt ?? i.comments.map(() => at)), at];
        i.comments.push(body);
      });
      log("comment", written, body);
      return undefined;
    },
    async deleteComment() {
      // One process writes a local trail: its notes are never written twice at once.
    },
    async addLabels(issue, labels) {
      update(issue.number, (i) => (i.labels = [...new Set([...i.labels, ...labels])]));
    },
    async close(issue) {
      const closedAt = now().toISOString();
      const closed = update(issue.number, (i) => {
        i.state = "closed";
        i.closedAt = closedAt;
      });
      log("closed (completed)", closed);
    },
    async findClosedSince(project, stack, since) {
      const found = read()
        .issues.filter((i) => i.state === "closed" && isStackIssue(i.body, project, stack))
        .filter((i) => i.closedAt !== undefined && new Date(i.closedAt).getTime() >= since.getTime())
        .sort((a, b) => (b.closedAt ?? "").localeCompare(a.closedAt ?? ""))[0];
      return found ? trackedIssueFrom(found.number, found.body) : undefined;
    },
    async reopen(issue) {
      log(
        "reopened",
        update(issue.number, (i) => (i.state = "open")),
      );
    },
    async notes(issue) {
      const found = read().issues.find((i) => i.number === issue.number);
      if (!found) return [];
      return found.comments.flatMap((body, index) => {
        const key = noteKeyOf(body);
        const at = found.commentedAt?.[index];
        return key && at ? [{ key, at }] : [];
      });
    },
    async comments() {
      // People steer a local trail with `reconciler hold|approve|resume` (audit/local-commands.ts).
      return [];
    },
    async permission() {
      return "admin";
    },
    async react() {
      // A local trail has no comments of people to react on.
    },
    async removeLabel(issue, label) {
      update(issue.number, (i) => (i.labels = i.labels.filter((l) => l !== label)));
    },
  };
}
