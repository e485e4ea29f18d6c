// The issue tracker on GitHub issues. A tracking issue is found by listing open issues
// with the drift label (not the search API: its index lags and would make duplicates)
// and matching the stack in the body's marker trailer (never a marker elsewhere in the body).
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { GitHubClient } from "./github-client.js";
import { isNote, isStackIssue, trackedIssueFrom } from "./issue-body.js";
import type { IssueTracker } from "./issue-tracker.js";

export function githubIssueTracker(client: GitHubClient, repository: string, label: string): IssueTracker {
  const [owner = "", repo = ""] = repository.split("/");
  const where = { owner, repo };
  return {
    async findOpen(project, stack) {
      const issues = await client.paginate(client.rest.issues.listForRepo, {
        ...where,
        state: "open",
        labels: label,
        per_page: 100,
      });
      const found = issues
        .filter((i) => !i.pull_request && isStackIssue(i.body ?? "", project, stack))
        .sort((a, b) => a.number - b.number)[0];
      return found ? trackedIssueFrom(found.number, found.body ?? "", found.html_url) : undefined;
    },
    async create(_project, _stack, title, body, labels) {
      const { data } = await client.rest.issues.create({ ...where, title, body, labels });
      return trackedIssueFrom(data.number, body, data.html_url);
    },
    async updateBody(issue: TrackedIssue, body) {
      await client.rest.issues.update({ ...where, issue_number: issue.number, body });
    },
    async hasNote(issue, noteKey) {
      const comments = await client.paginate(client.rest.issues.listComments, {
        ...where,
        issue_number: issue.number,
        per_page: 100,
      });
      return comments.some((c) => isNote(c.body ?? "", noteKey));
    },
    async comment(issue, body) {
      await client.rest.issues.createComment({ ...where, issue_number: issue.number, body });
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
  };
}
