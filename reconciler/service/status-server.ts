// The service's HTTP endpoints (node:http): /healthz (liveness: the process answers, no
// GitHub or cloud involved), /readyz, /metrics (Prometheus), / (status page), /status.json
// (its data) and POST /run (run a cycle now, under the same no-overlap lock as the schedule).
// HEAD works wherever GET does. Idle connections cannot starve the probes (connection-budget.ts).
// Every request is checked first (http-guard.ts): its Host, then its method; /, /status.json
// and /metrics may need a read token; POST /run needs the run token, no foreign Origin and no form body.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { StatusView } from "../core/status-view.js";
import { budgetConnections } from "./connection-budget.js";
import {
  acceptedBodyType,
  credentialsMatch,
  hostAllowed,
  hostnameOf,
  originAllowed,
  securityHeaders,
} from "./http-guard.js";

export type RunNowAnswer = { result: "started" | "busy" } | { result: "cooldown"; retryAfterSeconds: number };

export interface StatusHandlers {
  ready(): { ready: boolean; reason: string };
  metrics(): Promise<{ contentType: string; body: string }>;
  /** The status page for the query string's filter. */
  page(params: URLSearchParams): string;
  /** GET /status.json: the page's data (core/status-view.ts), filtered alike. */
  statusJson(params: URLSearchParams): StatusView;
  runNow(): RunNowAnswer;
}

/** How long a client may take, and how many may be connected at once. */
export interface ServerLimits {
  /** Until a request's headers are complete, counted from the connection: an idle one is cut then. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** How often Node looks for connections over their time (it checks no more often). */
  checkIntervalMs: number;
}

export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 32,
  checkIntervalMs: 1_000,
};

export interface StatusServerOptions {
  /** Host header names answered besides IP addresses and localhost (http-guard.ts). */
  allowedHosts: ReadonlySet<string>;
  /** POST /run needs `Authorization: Bearer <runToken>`; without a token, POST /run is disabled. */
  runToken?: string;
  /** When set, / and /metrics need it: as a bearer token, or as the password of basic auth. */
  readToken?: string;
  limits?: Partial<ServerLimits>;
  onError?: (err: unknown) => void;
}

interface Answer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

const text = (status: number, body: string, headers?: Record<string, string>): Answer => ({
  status,
  type: "text/plain; charset=utf-8",
  body: `${body}\n`,
  ...(headers ? { headers } : {}),
});
const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  type: "application/json",
  body: `${JSON.stringify(value)}\n`,
  ...(headers ? { headers } : {}),
});

const methods: Readonly<Record<string, string>> = {
  "/healthz": "GET",
  "/readyz": "GET",
  "/metrics": "GET",
  "/": "GET",
  "/status.json": "GET",
  "/run": "POST",
};

function runAnswer(req: IncomingMessage, handlers: StatusHandlers, opts: StatusServerOptions): Answer {
  if (!opts.runToken) return text(403, "POST /run is disabled: name a variable in service.runTokenEnv and set it");
  if (!originAllowed(req.headers.origin, opts.allowedHosts)) return text(403, "origin not allowed");
  if (!acceptedBodyType(req.headers["content-type"])) return text(415, "send no body, or application/json");
  if (!credentialsMatch(req.headers.authorization, opts.runToken, false))
    return text(401, "unauthorized", { "www-authenticate": 'Bearer realm="drift-reconciler"' });
  const run = handlers.runNow();
  if (run.result === "cooldown") {
    const wait = { started: false, reason: "cooldown", retryAfterSeconds: run.retryAfterSeconds };
    return json(429, wait, { "retry-after": String(run.retryAfterSeconds) });
  }
  return json(run.result === "started" ? 202 : 409, { started: run.result === "started" });
}

async function answer(req: IncomingMessage, handlers: StatusHandlers, opts: StatusServerOptions): Promise<Answer> {
  if (!hostAllowed(hostnameOf(req.headers.host), opts.allowedHosts)) return text(403, "host not allowed");
  const [path = "/", search = ""] = (req.url ?? "/").split("?");
  const method = methods[path];
  if (method === undefined) return text(404, "not found");
  const allowed = method === "GET" ? ["GET", "HEAD"] : [method];
  if (!allowed.includes(req.method ?? "")) return text(405, "method not allowed", { allow: allowed.join(", ") });
  if (path === "/run") return runAnswer(req, handlers, opts);
  if ((path === "/" || path === "/metrics" || path === "/status.json") && opts.readToken !== undefined) {
    if (!credentialsMatch(req.headers.authorization, opts.readToken, true))
      return text(401, "unauthorized", { "www-authenticate": 'Basic realm="drift-reconciler", charset="UTF-8"' });
  }
  if (path === "/healthz") return text(200, "ok");
  if (path === "/readyz") {
    const r = handlers.ready();
    return json(r.ready ? 200 : 503, r);
  }
  if (path === "/metrics") {
    const m = await handlers.metrics();
    return { status: 200, type: m.contentType, body: m.body };
  }
  const params = new URLSearchParams(search);
  if (path === "/status.json") return json(200, handlers.statusJson(params));
  return { status: 200, type: "text/html; charset=utf-8", body: handlers.page(params) };
}

export function createStatusServer(handlers: StatusHandlers, opts: StatusServerOptions): Server {
  const limits = { ...defaultServerLimits, ...opts.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
      const send = (a: Answer) => {
        res.writeHead(a.status, { ...securityHeaders, "content-type": a.type, ...a.headers });
        res.end(a.body);
      };
      answer(req, handlers, opts).then(send, (err: unknown) => {
        opts.onError?.(err);
        if (!res.headersSent) send(text(500, "internal error"));
      });
    },
  );
  budgetConnections(server, limits.maxConnections);
  return server;
}
