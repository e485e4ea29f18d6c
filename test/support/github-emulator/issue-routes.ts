// Issues: list (state, labels, creator, since; sort; pagination), create, get, update.
import { validationFailed } from "./api-response.js";
import {
  issueBody,
  issueState,
  labelNames,
  objectBody,
  requiredText,
  sinceTime,
  stateFilter,
  stateReason,
  updatedSince,
  type StateFilter,
} from "./input.js";
import { renderIssue } from "./render.js";
import { findIssue, pagedResponse, type RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";
import type { IssuePatch, StoredIssue } from "./store.js";

type SortKey = "created" | "updated" | "comments";

function sortKey(query: Record<string, string>): SortKey {
  const value = query["sort"] ?? "created";
  if (value === "created" || value === "updated" || value === "comments") return value;
  throw validationFailed({ resource: "Issue", field: "sort", code: "invalid" });
}

function sortValue(issue: StoredIssue, key: SortKey): number {
  if (key === "comments") return issue.comments.length;
  return (key === "created" ? issue.createdAt : issue.updatedAt).getTime();
}

function selectIssues(issues: readonly StoredIssue[], query: Record<string, string>): StoredIssue[] {
  const state: StateFilter = stateFilter(query);
  const wanted = (query["labels"] ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== "");
  const since = sinceTime(query);
  const creator = query["creator"]?.toLowerCase();
  const key = sortKey(query);
  const sign = query["direction"] === "asc" ? 1 : -1;
  return issues
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => wanted.every((w) => i.labelNames.some((n) => n.toLowerCase() === w)))
    .filter((i) => creator === undefined || i.author.toLowerCase() === creator)
    .filter((i) => updatedSince(i.updatedAt, since))
    .sort((a, b) => sign * (sortValue(a, key) - sortValue(b, key) || a.number - b.number));
}

function issuePatch(fields: Record<string, unknown>): IssuePatch {
  const patch: IssuePatch = {};
  if (fields["title"] !== undefined) patch.title = requiredText(fields, "title", "Issue");
  const body = issueBody(fields, "Issue");
  if (body !== undefined) patch.body = body;
  const state = issueState(fields["state"]);
  if (state !== undefined) patch.state = state;
  const reason = stateReason(fields["state_reason"]);
  if (reason !== undefined) patch.stateReason = reason;
  if (fields["labels"] !== undefined) patch.labels = labelNames(fields["labels"]);
  if (patch.state === "closed" && patch.stateReason === "reopened") {
    throw validationFailed({ resource: "Issue", field: "state_reason", code: "invalid" });
  }
  return patch;
}

export function issueRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/repos/:owner/:repo/issues", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issues = selectIssues(repo.issues, req.query);
      return pagedResponse(
        req,
        deps,
        issues.map((i) => renderIssue(deps.render, repo, i)),
      );
    }),
    route("POST", "/repos/:owner/:repo/issues", (req, deps: RouteDeps) => {
      const fields = objectBody(req.body);
      const title = requiredText(fields, "title", "Issue");
      const body = issueBody(fields, "Issue") ?? null;
      const labels = fields["labels"] === undefined ? [] : labelNames(fields["labels"]);
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issue = deps.store.createIssue(repo, { title, body, labels, author: deps.login });
      const rendered = renderIssue(deps.render, repo, issue);
      return { status: 201, body: rendered, headers: { location: rendered.url } };
    }),
    route("GET", "/repos/:owner/:repo/issues/:number", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      return { status: 200, body: renderIssue(deps.render, repo, findIssue(repo, req.params.number)) };
    }),
    route("PATCH", "/repos/:owner/:repo/issues/:number", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issue = findIssue(repo, req.params.number);
      const patch = { ...issuePatch(objectBody(req.body)), by: deps.login };
      return { status: 200, body: renderIssue(deps.render, repo, deps.store.updateIssue(repo, issue, patch)) };
    }),
  ];
}
