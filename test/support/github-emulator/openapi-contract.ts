// Checks HTTP exchanges against GitHub's official OpenAPI description of api.github.com (the
// `@octokit/openapi` package): the operation is found by method and path template, the response
// body is validated against the schema of its status code, and the request's path and query
// parameters and JSON body against the operation's parameters and requestBody.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { JsonSchema } from "./openapi-schema.js";
import { createSchemaValidators } from "./openapi-validators.js";

export interface Exchange {
  method: string;
  /** Path without the query string, e.g. "/repos/acme/infra/issues/1". */
  path: string;
  query: Record<string, string>;
  /** The JSON request body; undefined when none was sent. */
  requestBody?: unknown;
  status: number;
  /** The JSON response body; undefined for an empty one. */
  responseBody?: unknown;
}

export interface OperationMatch {
  /** The description's path template, e.g. "/repos/{owner}/{repo}/issues/{issue_number}". */
  template: string;
  operationId: string;
  params: Record<string, string>;
}

export interface ContractCheck {
  operation: OperationMatch | undefined;
  /** What is wrong with the request the client sent. */
  requestProblems: string[];
  /** What is wrong with the answer. */
  responseProblems: string[];
}

export interface GitHubContract {
  operation(method: string, path: string): OperationMatch | undefined;
  check(exchange: Exchange): ContractCheck;
}

export interface ContractOptions {
  /** Default: the api.github.com description (not GHES or GHEC) of `@octokit/openapi`. */
  description?: OpenApiObject;
  /**
   * Error statuses GitHub answers for an operation although its description does not list them,
   * by operationId; their bodies are checked as GitHub's basic error. Default:
   * GITHUB_UNDOCUMENTED_ERRORS.
   */
  undocumentedErrors?: Record<string, readonly number[]>;
}

/**
 * Statuses any endpoint may answer although few operations list them: bad JSON (400), bad
 * credentials (401), forbidden or rate limited (403, 429), not found (404) and server errors.
 * Their bodies must still be GitHub's basic error.
 */
export const UNDECLARED_ERROR_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 429, 500, 502, 503]);

type OpenApiObject = Record<string, unknown>;

const obj = (value: unknown): OpenApiObject =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as OpenApiObject) : {};

export function loadGitHubDescription(): OpenApiObject {
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  return JSON.parse(readFileSync(file, "utf8")) as OpenApiObject;
}

interface PathTemplate {
  template: string;
  segments: string[];
  literals: number;
}

function matchTemplate(t: PathTemplate, segments: string[]): Record<string, string> | undefined {
  if (t.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of t.segments.entries()) {
    const actual = segments[i] ?? "";
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined ? part !== actual : actual === "") return undefined;
    if (name !== undefined) params[name] = decodeURIComponent(actual);
  }
  return params;
}

/** Finds operations by method and path; a literal segment beats a parameter ("issues/comments"). */
function operationFinder(paths: OpenApiObject) {
  const templates: PathTemplate[] = Object.keys(paths).map((template) => {
    const segments = template.split("/");
    return { template, segments, literals: segments.filter((s) => !s.startsWith("{")).length };
  });
  return (method: string, path: string): { match: OperationMatch; op: OpenApiObject } | undefined => {
    const lower = method.toLowerCase();
    const segments = path.split("/");
    const best = templates
      .filter((t) => obj(paths[t.template])[lower] !== undefined)
      .flatMap((t) => {
        const params = matchTemplate(t, segments);
        return params ? [{ t, params }] : [];
      })
      .sort((a, b) => b.t.literals - a.t.literals)[0];
    if (!best) return undefined;
    const op = obj(obj(paths[best.t.template])[lower]);
    const operationId = String(op["operationId"]);
    return { match: { template: best.t.template, operationId, params: best.params }, op };
  };
}

/**
 * Errors GitHub gives where its description is silent: a malformed `since` on an issue's comments
 * is refused (422) as on the repository's, where the description lists it.
 */
export const GITHUB_UNDOCUMENTED_ERRORS: Readonly<Record<string, readonly number[]>> = {
  "issues/list-comments": [422],
};

export function createGitHubContract(options: ContractOptions = {}): GitHubContract {
  const description = options.description ?? loadGitHubDescription();
  const components = obj(description["components"]);
  const schemas = obj(components["schemas"]) as Record<string, JsonSchema>;
  const validators = createSchemaValidators(schemas);
  const find = operationFinder(obj(description["paths"]));
  /** Follows a `$ref` to a component (a response, parameter or request body). */
  const deref = (value: unknown): OpenApiObject => {
    const ref = obj(value)["$ref"];
    if (typeof ref !== "string") return obj(value);
    const [, kind = "", name = ""] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
    return obj(obj(components[kind])[name]);
  };
  const jsonSchema = (content: unknown): JsonSchema | undefined => {
    const schema = obj(obj(content)["application/json"])["schema"];
    return schema === undefined ? undefined : obj(schema);
  };
  const basicError = (body: unknown): string[] =>
    body === undefined
      ? ["an error answer must carry GitHub's error body, got none"]
      : validators.response(obj(schemas["basic-error"]), body);

  const bodyProblems = (op: OpenApiObject, status: number, body: unknown): string[] => {
    const declared = obj(op["responses"])[String(status)];
    if (declared === undefined) {
      const known = (options.undocumentedErrors ?? GITHUB_UNDOCUMENTED_ERRORS)[String(op["operationId"])] ?? [];
      if (UNDECLARED_ERROR_STATUSES.has(status) || known.includes(status)) return basicError(body);
      return [`status ${status} is not a documented response`];
    }
    const schema = jsonSchema(deref(declared)["content"]);
    if (schema !== undefined) {
      return body === undefined
        ? [`status ${status} documents a JSON body, got none`]
        : validators.response(schema, body);
    }
    if (body === undefined) return [];
    return status >= 400 ? basicError(body) : [`status ${status} documents no body, got one`];
  };
  /** The schemas leave `message` optional, but every error GitHub answers says what went wrong. */
  const responseProblems = (op: OpenApiObject, status: number, body: unknown): string[] => {
    const found = bodyProblems(op, status, body);
    const unexplained = status >= 400 && body !== undefined && typeof obj(body)["message"] !== "string";
    return unexplained ? [...found, "error body has no message"] : found;
  };

  const requestProblems = (op: OpenApiObject, exchange: Exchange, pathParams: Record<string, string>): string[] => {
    const declared = (Array.isArray(op["parameters"]) ? op["parameters"] : []).map(deref);
    const found: string[] = [];
    const check = (where: "path" | "query", values: Record<string, string>) => {
      for (const [name, text] of Object.entries(values)) {
        const param = declared.find((p) => p["in"] === where && p["name"] === name);
        if (param) found.push(...validators.parameter(name, obj(param["schema"]), text, where));
        else found.push(`${where} parameter ${name} is not documented`);
      }
    };
    check("path", pathParams);
    check("query", exchange.query);
    const requestBody = deref(op["requestBody"]);
    const schema = jsonSchema(requestBody["content"]);
    if (exchange.requestBody === undefined) {
      if (requestBody["required"] === true) found.push("the operation requires a request body, got none");
    } else if (schema === undefined) {
      found.push("the operation documents no request body, got one");
    } else {
      found.push(...validators.requestBody(schema, exchange.requestBody));
    }
    return found;
  };

  return {
    operation: (method, path) => find(method, path)?.match,
    check(exchange) {
      const found = find(exchange.method, exchange.path);
      if (!found) {
        const answer = exchange.status === 404 ? basicError(exchange.responseBody) : ["only 404 fits no operation"];
        return { operation: undefined, requestProblems: ["no documented operation"], responseProblems: answer };
      }
      return {
        operation: found.match,
        requestProblems: requestProblems(found.op, exchange, found.match.params),
        responseProblems: responseProblems(found.op, exchange.status, exchange.responseBody),
      };
    },
  };
}
