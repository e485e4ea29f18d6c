// The HTTP endpoints over a real socket: the Host allow-list (DNS rebinding), tokens for
// POST /run and, when set, for / and /metrics; no foreign Origin and no form body on POST;
// the cooldown's 429; 405 for a wrong method; security headers on every answer.
import type { Server } from "node:http";
import { createConnection, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { allowedHostNames } from "../../../reconciler/service/http-guard.js";
import { cooldownLeftSeconds } from "../../../reconciler/service/run-cooldown.js";
import {
  createStatusServer,
  defaultServerLimits,
  type RunNowAnswer,
  type StatusServerOptions,
} from "../../../reconciler/service/status-server.js";
import { ask } from "../../support/http-client.js";

const runToken = "run-token-3f9a7c";
let server: Server | undefined;
let runs: number;

async function serve(opts: Partial<StatusServerOptions> = {}, answer: RunNowAnswer = { result: "started" }) {
  runs = 0;
  server = createStatusServer(
    {
      ready: () => ({ ready: true, reason: "first cycle pending" }),
      metrics: async () => ({ contentType: "text/plain; version=0.0.4", body: "drift_reconciler_cycles_total 1\n" }),
      page: (params) => `<!doctype html><title>Drift reconciler</title>${params.get("show") ?? ""}`,
      statusJson: (params) => ({
        ready: { ready: true, reason: params.get("q") ?? "" },
        counts: { stuck: 0, failed: 0, held: 0, drifted: 0, unchecked: 0, "in-sync": 0 },
        stacks: [],
      }),
      runNow: () => (runs++, answer),
    },
    { allowedHosts: allowedHostNames("127.0.0.1", ["drift.internal"]), runToken, ...opts },
  );
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("every answer", () => {
  it("carries the security headers, whatever its status", async () => {
    const port = await serve();
    const answers = await Promise.all([
      ask(port, { path: "/healthz" }),
      ask(port, { path: "/" }),
      ask(port, { path: "/nope" }),
      ask(port, { method: "DELETE", path: "/" }),
      ask(port, { path: "/", headers: { host: "evil.example" } }),
      ask(port, { method: "POST", path: "/run" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 405, 403, 401]);
    for (const a of answers) {
      expect(a.headers["content-security-policy"]).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      );
      expect(a.headers["x-content-type-options"]).toBe("nosniff");
      expect(a.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  it("is 405 with the allowed method for a wrong method on a known path", async () => {
    const port = await serve();
    const get = await ask(port, { path: "/run" });
    const post = await ask(port, { method: "POST", path: "/metrics", headers: bearer(runToken) });
    expect([get.status, get.headers["allow"], post.status, post.headers["allow"]]).toEqual([
      405,
      "POST",
      405,
      "GET, HEAD",
    ]);
    expect(runs).toBe(0);
  });

  it("answers HEAD wherever GET is answered, with the same status and no body", async () => {
    const port = await serve({ readToken: "read-token-77" });
    for (const path of ["/healthz", "/readyz", "/metrics", "/"]) {
      const [get, head] = [await ask(port, { path }), await ask(port, { method: "HEAD", path })];
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe("");
    }
    expect((await ask(port, { method: "HEAD", path: "/run" })).status).toBe(405);
  });
});

describe("the Host header", () => {
  it.each(["evil.example", "evil.example:8080", "127.0.0.1.nip.io", "localhost.evil.example", "a@127.0.0.1"])(
    "refuses Host %j on every path (a rebound DNS name is not ours)",
    async (host) => {
      const port = await serve();
      for (const path of ["/", "/metrics", "/healthz"])
        expect((await ask(port, { path, headers: { host } })).status, path).toBe(403);
    },
  );

  it("refuses a request without a Host header (Node answers 400)", async () => {
    const port = await serve();
    expect((await ask(port, { path: "/", headers: { host: "" } })).status).toBe(400);
  });

  it.each(["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "10.42.0.17:8080", "drift.internal"])(
    "answers %j: an address, localhost or a configured name",
    async (host) => {
      const port = await serve();
      expect((await ask(port, { path: "/", headers: { host } })).status).toBe(200);
    },
  );
});

describe("POST /run", () => {
  it("runs a cycle with the bearer token and answers 202", async () => {
    const port = await serve();
    const answer = await ask(port, { method: "POST", path: "/run", headers: bearer(runToken) });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([202, { started: true }]);
    expect(runs).toBe(1);
  });

  it("is 401 without the token, with a wrong one, or with it as a basic password", async () => {
    const port = await serve();
    const basic = `Basic ${Buffer.from(`x:${runToken}`).toString("base64")}`;
    for (const headers of [{}, bearer("guess"), { authorization: basic }]) {
      const answer = await ask(port, { method: "POST", path: "/run", headers });
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
    expect(runs).toBe(0);
  });

  it("is disabled (403) when no run token is set", async () => {
    const port = await serve({ runToken: undefined });
    const answer = await ask(port, { method: "POST", path: "/run", headers: bearer("") });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/disabled.*runTokenEnv/);
    expect(runs).toBe(0);
  });

  it("refuses a foreign Origin even with the token, and accepts its own", async () => {
    const port = await serve();
    const post = (origin: string) =>
      ask(port, { method: "POST", path: "/run", headers: { ...bearer(runToken), origin } });
    expect((await post("https://evil.example")).status).toBe(403);
    expect((await post("null")).status).toBe(403);
    expect(runs).toBe(0);
    expect((await post(`http://localhost:${port}`)).status).toBe(202);
  });

  it.each([
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain;charset=UTF-8",
    "text/xml",
  ])("refuses a %s body with 415", async (type) => {
    const port = await serve();
    const headers = { ...bearer(runToken), "content-type": type };
    expect((await ask(port, { method: "POST", path: "/run", headers, body: "run=1" })).status).toBe(415);
    expect(runs).toBe(0);
  });

  it("accepts an application/json body", async () => {
    const port = await serve();
    const headers = { ...bearer(runToken), "content-type": "application/json" };
    expect((await ask(port, { method: "POST", path: "/run", headers, body: "{}" })).status).toBe(202);
  });

  it("is 409 while a cycle runs, and 429 with Retry-After during the cooldown", async () => {
    const busy = await serve({}, { result: "busy" });
    expect((await ask(busy, { method: "POST", path: "/run", headers: bearer(runToken) })).status).toBe(409);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const cooling = await serve({}, { result: "cooldown", retryAfterSeconds: 42 });
    const answer = await ask(cooling, { method: "POST", path: "/run", headers: bearer(runToken) });
    expect([answer.status, answer.headers["retry-after"]]).toEqual([429, "42"]);
  });
});

describe("the cooldown of 60 s", () => {
  const ended = new Date("2024-06-12T12:00:00Z");
  it.each([
    [0, 60],
    [1_000, 59],
    [59_001, 1],
    [60_000, 0],
  ] as const)("%i ms after a cycle ended, waits %i s more", (afterMs, left) => {
    expect(cooldownLeftSeconds(new Date(ended.getTime() + afterMs), ended, 60)).toBe(left);
  });

  it("does not wait before the first cycle has ended", () => {
    expect(cooldownLeftSeconds(ended, undefined, 60)).toBe(0);
  });
});

describe("a read token", () => {
  it("guards /, /status.json and /metrics (bearer, or basic auth's password) and leaves the probes open", async () => {
    const port = await serve({ readToken: "read-token-8d2e" });
    const basic = { authorization: `Basic ${Buffer.from("prometheus:read-token-8d2e").toString("base64")}` };
    const without = await ask(port, { path: "/" });
    expect([without.status, without.headers["www-authenticate"]]).toEqual([401, expect.stringMatching(/^Basic/)]);
    expect((await ask(port, { path: "/metrics", headers: bearer("wrong") })).status).toBe(401);
    expect((await ask(port, { path: "/metrics", headers: bearer("read-token-8d2e") })).status).toBe(200);
    expect((await ask(port, { path: "/", headers: basic })).status).toBe(200);
    expect((await ask(port, { path: "/status.json" })).status).toBe(401);
    expect((await ask(port, { path: "/status.json", headers: bearer("read-token-8d2e") })).status).toBe(200);
    expect((await ask(port, { path: "/healthz" })).status).toBe(200);
    expect((await ask(port, { path: "/readyz" })).status).toBe(200);
  });
});

describe("the limits", () => {
  const limits = { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50, maxConnections: 2 };

  /** A raw connection: what the server sends on it, and when it closes. */
  function connect(port: number): Promise<{ socket: Socket; closed: Promise<{ data: string; afterMs: number }> }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        let data = "";
        socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
        const closed = new Promise<{ data: string; afterMs: number }>((done) =>
          socket.on("close", () => done({ data, afterMs: Date.now() - started })),
        );
        resolve({ socket, closed });
      });
      socket.on("error", reject);
    });
  }

  it("closes a client that sends its headers too slowly with 408", async () => {
    const port = await serve({ limits });
    const { socket, closed } = await connect(port);
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const { data, afterMs } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(3_000);
  });

  it("closes a connection whose request body never finishes with 408", async () => {
    const port = await serve({ limits });
    const { socket, closed } = await connect(port);
    // The endpoints answer without reading a body; the unfinished request still times out.
    socket.write("POST /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nrun");
    const { data, afterMs } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 404[\s\S]*HTTP\/1\.1 408 /);
    expect(afterMs).toBeLessThan(3_000);
  });

  it("over maxConnections, closes the connection that has waited longest without a request", async () => {
    const port = await serve({ limits: { ...limits, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 } });
    const [oldest, other] = [await connect(port), await connect(port)];
    const newcomer = await connect(port);
    expect((await oldest.closed).data).toBe("");
    newcomer.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect((await newcomer.closed).data).toMatch(/^HTTP\/1\.1 200/);
    other.socket.destroy();
  });

  it("answers /healthz within a second while the default cap's worth of idle connections is open", async () => {
    const port = await serve();
    const idle = await Promise.all(Array.from({ length: defaultServerLimits.maxConnections }, () => connect(port)));
    const started = Date.now();
    const health = await ask(port, { path: "/healthz" });
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const { socket } of idle) socket.destroy();
  });

  it("cuts a connection that sends nothing once the headers timeout has passed", async () => {
    const port = await serve({ limits });
    const { closed } = await connect(port);
    const { data, afterMs } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(3_000);
    expect(defaultServerLimits.headersTimeoutMs).toBeLessThanOrEqual(3_000);
  });
});

describe("the status page's query string", () => {
  it("reaches the page and /status.json, which answers JSON", async () => {
    const port = await serve();
    expect((await ask(port, { path: "/?show=held" })).body).toMatch(/Drift reconciler<\/title>held$/);
    const data = await ask(port, { path: "/status.json?q=prod" });
    expect([data.status, data.headers["content-type"]]).toEqual([200, "application/json"]);
    expect(JSON.parse(data.body)).toMatchObject({ ready: { reason: "prod" }, stacks: [] });
  });
});
