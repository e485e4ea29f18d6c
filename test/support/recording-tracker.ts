// An in-memory issue tracker that records every call, for unit tests of the episode
// lifecycle: tests assert on what was asked of the tracker, in order.
import type { IssueTracker } from "../../reconciler/audit/issue-tracker.js";
import { isNote, isStackIssue, trackedIssueFrom } from "../../reconciler/audit/issue-body.js";

export interface MemoryIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  comments: string[];
}

export interface RecordingTracker extends IssueTracker {
  issues: MemoryIssue[];
  /** Each write, e.g. "create #1", "comment #1", "close #1". */
  calls: string[];
}

export function recordingTracker(): RecordingTracker {
  const issues: MemoryIssue[] = [];
  const calls: string[] = [];
  const find = (number: number): MemoryIssue => {
    const issue = issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  };
  return {
    issues,
    calls,
    async findOpen(project, stack) {
      const issue = issues.find((i) => i.state === "open" && isStackIssue(i.body, project, stack));
      return issue ? trackedIssueFrom(issue.number, issue.body) : undefined;
    },
    async create(_project, _stack, title, body, labels) {
      const issue: MemoryIssue = { number: issues.length + 1, title, body, state: "open", labels, comments: [] };
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
      find(issue.number).comments.push(body);
      calls.push(`comment #${issue.number}`);
    },
    async addLabels(issue, labels) {
      const found = find(issue.number);
      found.labels = [...new Set([...found.labels, ...labels])];
      calls.push(`label #${issue.number} ${labels.join(",")}`);
    },
    async close(issue) {
      find(issue.number).state = "closed";
      calls.push(`close #${issue.number}`);
    },
  };
}
