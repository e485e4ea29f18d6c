// startGitHubEmulator: a node:http server on 127.0.0.1 that answers the GitHub REST endpoints an
// issue-tracking bot uses, records every request, and fails on demand.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createAccounts, type Accounts } from "./accounts.js";
import { ApiError, errorBody, notFound, type ApiResponse } from "./api-response.js";
import { createFaultBox, downResponse, faultResponse } from "./faults.js";
import { loggedBody, readBody, standardHeaders, writeResponse, type ParsedBody } from "./http-io.js";
import { badJson, MAX_BODY_CHARACTERS } from "./input.js";
import { createRateLimitWindow } from "./rate-limit.js";
import { createRoleBook, type RoleBook } from "./roles.js";
import { createSecondaryLimiter, type SecondaryLimiter } from "./secondary-limit.js";
import type { RouteDeps } from "./route-deps.js";
import { dispatch, type Route } from "./router.js";
import { emulatorRoutes } from "./routes.js";
import { snapshotComment, snapshotIssue, snapshotLabel } from "./snapshot.js";
import { createIssueStore, type IssueStore } from "./store.js";
import type { CommentSnapshot, EmulatorState, GitHubEmulator, GitHubEmulatorOptions, LoggedRequest } from "./types.js";

interface Incoming {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: ParsedBody;
}

interface Answerer {
  answer(incoming: Incoming, signal: AbortSignal): Promise<ApiResponse>;
}

type SharedDeps = Omit<RouteDeps, "caller" | "login">;

function createAnswerer(
  faults: ReturnType<typeof createFaultBox>,
  routes: readonly Route<RouteDeps>[],
  shared: SharedDeps,
  limits: { now: () => Date; secondary: SecondaryLimiter },
): Answerer {
  const { now } = limits;
  const route = (incoming: Incoming): ApiResponse => {
    const caller = shared.accounts.identify(incoming.authorization, now());
    // The App's own token opens only the App's endpoints.
    if (!caller || (caller.kind === "app" && !incoming.path.startsWith("/app")))
      return new ApiError(401, errorBody("Bad credentials")).response;
    // Beyond the secondary limits a write is refused before it reaches a route, so it changes nothing.
    const refused = limits.secondary.admit(incoming.method, incoming.authorization ?? "");
    if (refused) return refused;
    if (incoming.body.kind === "invalid") return badJson().response;
    const body = incoming.body.kind === "json" ? incoming.body.value : undefined;
    const request = { path: incoming.path, query: incoming.query, body };
    const deps: RouteDeps = { ...shared, caller, login: caller.kind === "token" ? caller.login : "" };
    try {
      return dispatch(routes, incoming.method, request, deps) ?? notFound().response;
    } catch (error) {
      if (error instanceof ApiError) return error.response;
      throw error;
    }
  };
  return {
    // Order: an outage or an injected fault answers before authentication, as a failing proxy would.
    async answer(incoming, signal) {
      if (faults.isDown()) return downResponse();
      const fault = faults.take(incoming.method, incoming.path);
      if (fault?.latencyMs) await delay(fault.latencyMs, undefined, { signal });
      return (fault && faultResponse(fault, now())) ?? route(incoming);
    },
  };
}

function createState(store: IssueStore, roles: RoleBook): EmulatorState {
  return {
    issues: (owner, repo) => (store.findRepo(owner, repo)?.issues ?? []).map(snapshotIssue),
    labels: (owner, repo) => (store.findRepo(owner, repo)?.labels ?? []).map(snapshotLabel),
    collaborators: (owner, repo) => roles.collaborators(owner, repo),
    reset: () => store.reset(),
  };
}

/** The handle's `comment`: a comment by `login`, added without a request. */
function commentAs(
  store: IssueStore,
  where: { owner: string; repo: string; issueNumber: number },
  login: string,
  body: string,
): CommentSnapshot {
  const name = `${where.owner}/${where.repo}#${where.issueNumber}`;
  const issue = store.findRepo(where.owner, where.repo)?.issues.find((i) => i.number === where.issueNumber);
  if (!issue) throw new Error(`emulator.comment: there is no issue ${name}`);
  if (body.trim() === "") throw new Error(`emulator.comment: the body of a comment on ${name} must not be blank`);
  if (Array.from(body).length > MAX_BODY_CHARACTERS) {
    throw new Error(`emulator.comment: the body is longer than GitHub's ${MAX_BODY_CHARACTERS} characters`);
  }
  return snapshotComment(store.addComment(issue, body, login));
}

async function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function accountsFrom(opts: GitHubEmulatorOptions): Accounts {
  const tokens = new Map([[opts.token ?? "test-token", opts.login ?? "test-user"]]);
  for (const user of opts.users ?? []) tokens.set(user.token, user.login);
  return createAccounts(tokens, opts.app);
}

export async function startGitHubEmulator(opts: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const now = opts.now ?? (() => new Date());
  const store = createIssueStore(now);
  const faults = createFaultBox();
  const rateLimit = createRateLimitWindow(now);
  const secondary = createSecondaryLimiter(now, opts.secondaryLimits);
  const requestLog: LoggedRequest[] = [];
  const closing = new AbortController();
  const routes = emulatorRoutes();
  const roles = createRoleBook(opts.collaborators);
  // The URL is known once the server listens; rendered URLs and Link headers read it from here.
  const render = { baseUrl: "http://127.0.0.1", roles };
  const accounts = accountsFrom(opts);
  const shared: SharedDeps = { store, render, roles, accounts, now, pageSizeMax: opts.pageSizeMax ?? 100 };
  const answerer = createAnswerer(faults, routes, shared, { now, secondary });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", render.baseUrl);
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    let body: ParsedBody = { kind: "none" };
    let response: ApiResponse;
    try {
      body = await readBody(req);
      response = await answerer.answer(
        { method, path, query, authorization: req.headers.authorization, body },
        closing.signal,
      );
    } catch (error) {
      if (closing.signal.aborted) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      response = { status: 500, body: errorBody(`emulator error: ${message}`) };
    }
    // Logged before the answer is written, so a client that has its response also sees its log entry.
    requestLog.push({
      method,
      path,
      query,
      status: response.status,
      ...loggedBody(body),
      at: new Date().toISOString(),
    });
    writeResponse(res, response, { ...standardHeaders(), ...rateLimit.consume() });
  };

  const server = createServer((req, res) => void handle(req, res));
  const port = await listen(server, opts.port ?? 0);
  render.baseUrl = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: render.baseUrl,
    requestLog,
    state: createState(store, roles),
    inject: (fault) => faults.inject(fault),
    recover: () => faults.recover(),
    setRole: (owner, repo, login, role, grant) => roles.set(owner, repo, login, role, grant),
    comment: (owner, repo, issueNumber, login, body) => commentAs(store, { owner, repo, issueNumber }, login, body),
    reset() {
      store.reset();
      roles.reset();
      accounts.reset();
      faults.clear();
      rateLimit.reset();
      secondary.reset();
      requestLog.length = 0;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
