// Who is calling: GET /user for a token, and a GitHub App's own endpoints (GET /app, installation
// tokens) for the App's JSON web token. As on GitHub, an installation's bot may not ask GET /user.
import { ApiError, errorBody, notFound } from "./api-response.js";
import { renderUser } from "./render.js";
import type { RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";

function notByIntegration(): ApiError {
  return new ApiError(403, errorBody("Resource not accessible by integration"));
}

function needsJwt(): ApiError {
  return new ApiError(401, errorBody("A JSON web token could not be decoded"));
}

export function accountRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/user", (_req, deps: RouteDeps) => {
      if (deps.caller.kind !== "token") throw needsJwt();
      if (deps.caller.login.endsWith("[bot]")) throw notByIntegration();
      return { status: 200, body: { ...renderUser(deps.render, deps.caller.login), name: null } };
    }),
    route("GET", "/app", (_req, deps: RouteDeps) => {
      const app = deps.accounts.app;
      if (deps.caller.kind !== "app" || !app) throw needsJwt();
      const body = { id: app.id, slug: app.slug, name: app.slug, owner: renderUser(deps.render, "acme") };
      return { status: 200, body };
    }),
    route("POST", "/app/installations/:id/access_tokens", (req, deps: RouteDeps) => {
      if (deps.caller.kind !== "app") throw needsJwt();
      const issued = deps.accounts.installationToken(Number(req.params.id), deps.now());
      if (!issued) throw notFound();
      const body = {
        token: issued.token,
        expires_at: issued.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: { issues: "write", metadata: "read" },
        repository_selection: "all",
      };
      return { status: 201, body };
    }),
  ];
}
