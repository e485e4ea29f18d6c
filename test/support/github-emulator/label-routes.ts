// Repository labels (list, create, get) and an issue's labels (list, add, replace, remove one).
import { ApiError, errorBody, notFound, validationFailed } from "./api-response.js";
import { labelNames, objectBody, optionalText, requiredText } from "./input.js";
import { renderIssueLabels, renderLabel } from "./render.js";
import { findIssue, pagedResponse, type RouteDeps } from "./route-deps.js";
import { route, type Route, type RouteRequest } from "./router.js";
import type { StoredIssue, StoredRepo } from "./store.js";

/** Both `{ labels: [...] }` and a bare array are accepted, as on GitHub. */
function requestedLabels(body: unknown): string[] {
  if (Array.isArray(body)) return labelNames(body);
  const fields = objectBody(body);
  return fields["labels"] === undefined ? [] : labelNames(fields["labels"]);
}

function labelColor(fields: Record<string, unknown>): string | undefined {
  const color = optionalText(fields, "color", "Label")?.replace(/^#/, "");
  if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) {
    throw validationFailed({ resource: "Label", field: "color", code: "invalid" });
  }
  return color?.toLowerCase();
}

type IssueParams = { owner: string; repo: string; number: string };

function issueOf(req: RouteRequest<IssueParams>, deps: RouteDeps): { repo: StoredRepo; issue: StoredIssue } {
  const repo = deps.store.repo(req.params.owner, req.params.repo);
  return { repo, issue: findIssue(repo, req.params.number) };
}

export function labelRoutes(): Route<RouteDeps>[] {
  return [
    route("GET", "/repos/:owner/:repo/labels", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      return pagedResponse(
        req,
        deps,
        repo.labels.map((l) => renderLabel(deps.render, repo, l)),
      );
    }),
    route("POST", "/repos/:owner/:repo/labels", (req, deps: RouteDeps) => {
      const fields = objectBody(req.body);
      const name = requiredText(fields, "name", "Label");
      const color = labelColor(fields);
      const description = optionalText(fields, "description", "Label") ?? null;
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const label = deps.store.createLabel(
        repo,
        color === undefined ? { name, description } : { name, color, description },
      );
      if (!label) throw validationFailed({ resource: "Label", field: "name", code: "already_exists" });
      return { status: 201, body: renderLabel(deps.render, repo, label) };
    }),
    route("GET", "/repos/:owner/:repo/labels/:name", (req, deps: RouteDeps) => {
      const repo = deps.store.repo(req.params.owner, req.params.repo);
      const label = deps.store.findLabel(repo, req.params.name);
      if (!label) throw notFound();
      return { status: 200, body: renderLabel(deps.render, repo, label) };
    }),
    route("GET", "/repos/:owner/:repo/issues/:number/labels", (req, deps: RouteDeps) => {
      const { repo, issue } = issueOf(req, deps);
      return pagedResponse(req, deps, renderIssueLabels(deps.render, repo, issue));
    }),
    route("POST", "/repos/:owner/:repo/issues/:number/labels", (req, deps: RouteDeps) => {
      const { repo, issue } = issueOf(req, deps);
      deps.store.addLabels(repo, issue, requestedLabels(req.body));
      return { status: 200, body: renderIssueLabels(deps.render, repo, issue) };
    }),
    route("PUT", "/repos/:owner/:repo/issues/:number/labels", (req, deps: RouteDeps) => {
      const { repo, issue } = issueOf(req, deps);
      deps.store.setLabels(repo, issue, requestedLabels(req.body));
      return { status: 200, body: renderIssueLabels(deps.render, repo, issue) };
    }),
    route("DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", (req, deps: RouteDeps) => {
      const { repo, issue } = issueOf(req, deps);
      if (!deps.store.removeLabel(issue, req.params.name)) throw new ApiError(404, errorBody("Label does not exist"));
      return { status: 200, body: renderIssueLabels(deps.render, repo, issue) };
    }),
  ];
}
