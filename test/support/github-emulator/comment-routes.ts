// Issue comments: list an issue's or the repository's (oldest first, `since` on updated_at,
// paginated), create, get, edit and delete by id.
import { validationFailed } from "./api-response.js";
import { checkBodyLength, objectBody, requiredText, sinceTime, updatedSince } from "./input.js";
import { renderComment } from "./render.js";
import { findComment, findIssue, pagedResponse, type RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";
import type { StoredComment } from "./store.js";

function commentBody(body: unknown): string {
  const fields = objectBody(body);
  if (fields["body"] !== undefined && typeof fields["body"] !== "string") {
    throw validationFailed({ resource: "IssueComment", field: "body", code: "invalid" });
  }
  const text = requiredText(fields, "body", "IssueComment");
  checkBodyLength(text, "IssueComment");
  return text;
}

function commentsSince(comments: readonly StoredComment[], query: Record<string, string>): StoredComment[] {
  const since = sinceTime(query);
  return comments.filter((c) => updatedSince(c.updatedAt, since));
}

/** Repository-wide order: ascending ids unless `sort` is given, then `direction` (default desc). */
function sortedComments(comments: StoredComment[], query: Record<string, string>): StoredComment[] {
  const sort = query["sort"];
  if (sort === undefined) return comments.sort((a, b) => a.id - b.id);
  if (sort !== "created" && sort !== "updated") {
    throw validationFailed({ resource: "IssueComment", field: "sort", code: "invalid" });
  }
  const direction = query["direction"] ?? "desc";
  if (direction !== "asc" && direction !== "desc") {
    throw validationFailed({ resource: "IssueComment", field: "direction", code: "invalid" });
  }
  const at = (c: StoredComment) => (sort === "created" ? c.createdAt : c.updatedAt).getTime();
  const sign = direction === "asc" ? 1 : -1;
  return comments.sort((a, b) => sign * (at(a) - at(b) || a.id - b.id));
}

export function commentRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/repos/:owner/:repo/issues/comments", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const comments = sortedComments(
        commentsSince(
          repo.issues.flatMap((i) => i.comments),
          req.query,
        ),
        req.query,
      );
      return pagedResponse(
        req,
        deps,
        comments.map((c) => renderComment(deps.render, repo, c)),
      );
    }),
    route("GET", "/repos/:owner/:repo/issues/:number/comments", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issue = findIssue(repo, req.params.number);
      return pagedResponse(
        req,
        deps,
        commentsSince(issue.comments, req.query).map((c) => renderComment(deps.render, repo, c)),
      );
    }),
    route("POST", "/repos/:owner/:repo/issues/:number/comments", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issue = findIssue(repo, req.params.number);
      const comment = deps.store.addComment(issue, commentBody(req.body), deps.login);
      const rendered = renderComment(deps.render, repo, comment);
      return { status: 201, body: rendered, headers: { location: rendered.url } };
    }),
    route("GET", "/repos/:owner/:repo/issues/comments/:id", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      return { status: 200, body: renderComment(deps.render, repo, findComment(deps, repo, req.params.id)) };
    }),
    route("DELETE", "/repos/:owner/:repo/issues/comments/:id", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const comment = findComment(deps, repo, req.params.id);
      deps.store.deleteComment(repo, comment.id);
      return { status: 204, body: undefined };
    }),
    route("PATCH", "/repos/:owner/:repo/issues/comments/:id", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const comment = findComment(deps, repo, req.params.id);
      const updated = deps.store.updateComment(comment, commentBody(req.body));
      return { status: 200, body: renderComment(deps.render, repo, updated) };
    }),
  ];
}
