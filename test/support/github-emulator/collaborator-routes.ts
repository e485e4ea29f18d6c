// Collaborators: a login's permission on a repository and whether it is a collaborator. A caller
// whose own role is below write is refused (403), as GitHub requires push access; a caller without
// any role is let through (the emulator does not model repository access otherwise). A login the
// emulator has never seen (no token, role, issue, comment or reaction) does not exist: 404.
import { ApiError, errorBody, notFound } from "./api-response.js";
import { renderCollaborator } from "./render-user.js";
import { canPush, legacyPermission } from "./roles.js";
import type { RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";

const COLLABORATORS_DOCS = "https://docs.github.com/rest/collaborators/collaborators";

function requirePushAccess(deps: RouteDeps, owner: string, repo: string, message: string, anchor: string): void {
  const role = deps.roles.role(owner, repo, deps.login);
  if (role !== undefined && !canPush(role))
    throw new ApiError(403, errorBody(message, `${COLLABORATORS_DOCS}#${anchor}`));
}

function exists(deps: RouteDeps, login: string): boolean {
  return deps.accounts.knows(login) || deps.roles.knows(login) || deps.store.hasActed(login);
}

export function collaboratorRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/repos/:owner/:repo/collaborators/:username/permission", (req, deps: RouteDeps) => {
      const { owner, repo, username } = req.params;
      requirePushAccess(
        deps,
        owner,
        repo,
        "Must have push access to view collaborator permission.",
        "get-repository-permissions-for-a-user",
      );
      if (!exists(deps, username)) throw notFound();
      const role = deps.roles.role(owner, repo, username);
      const user = renderCollaborator(deps.render, username, role);
      return { status: 200, body: { permission: legacyPermission(role), role_name: user.role_name, user } };
    }),
    route("GET", "/repos/:owner/:repo/collaborators/:username", (req, deps: RouteDeps) => {
      const { owner, repo, username } = req.params;
      requirePushAccess(
        deps,
        owner,
        repo,
        "Must have push access to view repository collaborators.",
        "check-if-a-user-is-a-repository-collaborator",
      );
      if (deps.roles.role(owner, repo, username) === undefined) throw notFound();
      return { status: 204, body: undefined };
    }),
  ];
}
