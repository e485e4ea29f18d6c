// Reactions on issue comments: create (201, or 200 with the existing one when the user already
// reacted so), list (optionally one content, paginated) and delete.
import { notFound } from "./api-response.js";
import { issueNumber, objectBody, reactionContent } from "./input.js";
import { renderReaction } from "./render.js";
import { findComment, pagedResponse, type RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";

const COMMENT_REACTIONS = "/repos/:owner/:repo/issues/comments/:id/reactions";

export function reactionRoutes(): Route<RouteDeps>[] {
  return [
    route("POST", COMMENT_REACTIONS, (req, deps: RouteDeps) => {
      const comment = findComment(deps, deps.store.repo(req.params.owner, req.params.repo), req.params.id);
      const content = reactionContent(objectBody(req.body)["content"]);
      const { reaction, created } = deps.store.addReaction(comment, content, deps.login);
      return { status: created ? 201 : 200, body: renderReaction(deps.render, reaction) };
    }),
    route("GET", COMMENT_REACTIONS, (req, deps: RouteDeps) => {
      const comment = findComment(deps, deps.store.repo(req.params.owner, req.params.repo), req.params.id);
      const wanted = req.query["content"];
      const reactions = comment.reactions.filter((r) => wanted === undefined || r.content === wanted);
      return pagedResponse(
        req,
        deps,
        reactions.map((r) => renderReaction(deps.render, r)),
      );
    }),
    route("DELETE", `${COMMENT_REACTIONS}/:reactionId`, (req, deps: RouteDeps) => {
      const comment = findComment(deps, deps.store.repo(req.params.owner, req.params.repo), req.params.id);
      if (!deps.store.deleteReaction(comment, issueNumber(req.params.reactionId))) throw notFound();
      return { status: 204, body: undefined };
    }),
  ];
}
