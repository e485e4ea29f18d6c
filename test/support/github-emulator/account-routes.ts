// Who is calling: GET /user for a token, and a GitHub App's own endpoints (GET /app, installation
// tokens) for the App's JSON web token. As on GitHub, an installation's bot may not ask GET /user.
import { ApiError, errorBody, notFound } from "./api-response.js";
import { renderPrivateUser, renderUser, type RenderContext } from "./render-user.js";
import type { AppAccount } from "./accounts.js";
import type { RouteDeps } from "./route-deps.js";
import { route, type Route } from "./router.js";

function notByIntegration(): ApiError {
  return new ApiError(403, errorBody("Resource not accessible by integration"));
}

function needsJwt(): ApiError {
  return new ApiError(401, errorBody("A JSON web token could not be decoded"));
}

const APP_CREATED_AT = "2020-01-01T00:00:00Z";

function renderApp(ctx: RenderContext, app: AppAccount) {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: `Iv1.${app.id}`,
    owner: renderUser(ctx, "acme"),
    name: app.slug,
    description: null,
    external_url: `${ctx.baseUrl}/apps/${app.slug}`,
    html_url: `${ctx.baseUrl}/apps/${app.slug}`,
    created_at: APP_CREATED_AT,
    updated_at: APP_CREATED_AT,
    permissions: { issues: "write", metadata: "read" },
    events: [],
  };
}

export function accountRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/user", (_req, deps: RouteDeps) => {
      if (deps.caller.kind !== "token") throw needsJwt();
      if (deps.caller.login.endsWith("[bot]")) throw notByIntegration();
      return { status: 200, body: renderPrivateUser(deps.render, deps.caller.login) };
    }),
    route("GET", "/app", (_req, deps: RouteDeps) => {
      const app = deps.accounts.app;
      if (deps.caller.kind !== "app" || !app) throw needsJwt();
      return { status: 200, body: renderApp(deps.render, app) };
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
