// The embedded default when no repository is configured: the same lifecycle, kept on
// disk. issues.json holds the episodes; audit.jsonl is an append-only log of every
// change (one JSON object a line); audit.md is the same for people to read.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../core/clock.js";
import { withoutTrailer } from "../core/marker-trailer.js";
import { writeFileAtomic } from "./atomic-write.js";
import { isNote, isStackIssue, noteKeyOf, trackedIssueFrom } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";
import { stackPath } from "../core/stack-id.js";

interface LocalIssue {
  number: number;
  project: string;
  stack: string;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  comments: string[];
  /** When each comment was written, in the same order (older trails have none). */
  commentedAt?: string[];
  closedAt?: string;
}

interface LocalState {
  issues: LocalIssue[];
}

export function localIssueTracker(dir: string, now: Clock): IssueTracker {
  mkdirSync(dir, { recursive: true });
  const stateFile = join(dir, "issues.json");
  const read = (): LocalState =>
    existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as LocalState) : { issues: [] };
  const write = (state: LocalState) => writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  const log = (action: string, issue: LocalIssue, text?: string) => {
    const at = now().toISOString();
    appendFileSync(
      join(dir, "audit.jsonl"),
      `${JSON.stringify({ at, action, issue: issue.number, project: issue.project, stack: issue.stack, ...(text ? { text } : {}) })}\n`,
    );
    const visible = withoutTrailer(text ?? "").trim();
    appendFileSync(
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
