// Issue comments: list (oldest first, paginated), create, get, edit and delete by id.
import { notFound, validationFailed } from "./api-response.js";
import { checkBodyLength, issueNumber, objectBody, requiredText } from "./input.js";
import { renderComment } from "./render.js";
import { findIssue, pagedResponse, type RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";
import type { StoredComment, StoredRepo } from "./store.js";

function commentBody(body: unknown): string {
  const fields = objectBody(body);
  if (fields["body"] !== undefined && typeof fields["body"] !== "string") {
    throw validationFailed({ resource: "IssueComment", field: "body", code: "invalid" });
  }
  const text = requiredText(fields, "body", "IssueComment");
  checkBodyLength(text, "IssueComment");
  return text;
}

function findComment(deps: RouteDeps, repo: StoredRepo, idText: string): StoredComment {
  const comment = deps.store.findComment(repo, issueNumber(idText));
  if (!comment) throw notFound();
  return comment;
}

export function commentRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/repos/:owner/:repo/issues/:number/comments", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const issue = findIssue(repo, req.params.number);
      return pagedResponse(
        req,
        deps,
        issue.comments.map((c) => renderComment(deps.render, repo, c)),
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
