// A tiny method + path-template router. Templates name their parameters (":owner"), and the handler's
// `params` is typed from the template, so a handler cannot read a parameter its route does not have.
import type { ApiResponse } from "./api-response.js";

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type RouteParams<P extends string> = { [K in ParamNames<P>]: string };

export interface RouteRequest<Params> {
  params: Params;
  query: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** Path without the query string. */
  path: string;
}

export interface Route<Deps> {
  method: string;
  template: string;
  /** The response, or undefined when the path does not fit the template. */
  handle(request: Omit<RouteRequest<unknown>, "params">, deps: Deps): ApiResponse | undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes stay as sent, as a literal name
  }
}

function compile(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}/?$`), names };
}

export function route<P extends string, Deps>(
  method: string,
  template: P,
  handler: (request: RouteRequest<RouteParams<P>>, deps: Deps) => ApiResponse,
): Route<Deps> {
  const { regex, names } = compile(template);
  return {
    method,
    template,
    handle(request, deps) {
      const found = regex.exec(request.path);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? "");
      });
      // compile() captured exactly the names the template declares, so this is RouteParams<P>.
      return handler({ ...request, params: params as RouteParams<P> }, deps);
    },
  };
}

/** The first route whose method and template fit, or undefined. */
export function dispatch<Deps>(
  routes: readonly Route<Deps>[],
  method: string,
  request: Omit<RouteRequest<unknown>, "params">,
  deps: Deps,
): ApiResponse | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const response = candidate.handle(request, deps);
    if (response) return response;
  }
  return undefined;
}
