// Every route the emulator serves, in matching order: a literal segment ("issues/comments") is
// tried before a parameter in the same place ("issues/:number").
import { accountRoutes } from "./account-routes.js";
import { collaboratorRoutes } from "./collaborator-routes.js";
import { commentRoutes } from "./comment-routes.js";
import { issueRoutes } from "./issue-routes.js";
import { labelRoutes } from "./label-routes.js";
import { reactionRoutes } from "./reaction-routes.js";
import type { RouteDeps } from "./route-deps.js";
import type { Route } from "./router.js";

export function emulatorRoutes(): Route<RouteDeps>[] {
  return [
    ...accountRoutes(),
    ...collaboratorRoutes(),
    ...reactionRoutes(),
    ...commentRoutes(),
    ...issueRoutes(),
    ...labelRoutes(),
  ];
}
