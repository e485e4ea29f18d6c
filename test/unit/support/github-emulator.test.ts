// The GitHub REST API emulator, driven by the real @octokit/rest client over a loopback socket: if
// Octokit (and its retry and throttling plugins) work against it, the reconciler's GitHub code will too.
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const TOKEN = "test-token";
const repo = { owner: "acme", repo: "infra" };
const ISSUES = "/repos/acme/infra/issues";

// Octokit logs every error response; these tests cause many on purpose.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let emulator: GitHubEmulator;
let octokit: Octokit;

beforeEach(async () => {
  emulator = await startGitHubEmulator({ token: TOKEN });
  octokit = new Octokit({ auth: TOKEN, baseUrl: emulator.url, log: quiet });
});

afterEach(async () => {
  await emulator.close();
});

async function createIssues(count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await octokit.rest.issues.create({ ...repo, title: `drift ${i}` });
}

/** The log entries after the first `skip`, without bodies, as "METHOD path" plus query and status. */
const logAfter = (skip: number) => emulator.requestLog.slice(skip).map(({ body: _body, at: _at, ...entry }) => entry);

describe("GitHub emulator: issues", () => {
  it("creates an issue with GitHub's field names and keeps it in its state", async () => {
    const created = await octokit.rest.issues.create({
      ...repo,
      title: "Drift in prod",
      body: "port 22",
      labels: ["drift"],
    });

    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      title: "Drift in prod",
      body: "port 22",
      state: "open",
      state_reason: null,
      labels: [{ name: "drift", color: "ededed" }],
      html_url: `${emulator.url}/acme/infra/issues/1`,
      comments: 0,
      closed_at: null,
      user: { login: "test-user" },
    });
    expect(created.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(emulator.state.issues("acme", "infra")).toEqual([
      expect.objectContaining({ number: 1, title: "Drift in prod", labels: ["drift"], comments: [] }),
    ]);
    expect(emulator.requestLog).toEqual([
      {
        method: "POST",
        path: ISSUES,
        query: {},
        status: 201,
        body: { title: "Drift in prod", body: "port 22", labels: ["drift"] },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      },
    ]);
  });

  it("returns all 75 issues through octokit.paginate in three pages of 30, newest first", async () => {
    await createIssues(75);
    const before = emulator.requestLog.length;

    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 30 });

    expect(issues.map((i) => i.number)).toEqual(Array.from({ length: 75 }, (_, i) => 75 - i));
    expect(logAfter(before)).toEqual([
      { method: "GET", path: ISSUES, query: { per_page: "30" }, status: 200 },
      { method: "GET", path: ISSUES, query: { per_page: "30", page: "2" }, status: 200 },
      { method: "GET", path: ISSUES, query: { per_page: "30", page: "3" }, status: 200 },
    ]);
  });

  it("links prev, next, last and first pages like GitHub, keeping the other query parameters", async () => {
    await createIssues(35);

    const page2 = await octokit.rest.issues.listForRepo({ ...repo, state: "all", per_page: 10, page: 2 });

    const url = (page: number) => `${emulator.url}${ISSUES}?state=all&per_page=10&page=${page}`;
    expect(page2.data.map((i) => i.number)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(page2.headers.link).toBe(
      `<${url(1)}>; rel="prev", <${url(3)}>; rel="next", <${url(4)}>; rel="last", <${url(1)}>; rel="first"`,
    );
  });

  it("clamps per_page to the configured maximum and sends no Link header for a single page", async () => {
    await emulator.close();
    emulator = await startGitHubEmulator({ token: TOKEN, pageSizeMax: 2 });
    octokit = new Octokit({ auth: TOKEN, baseUrl: emulator.url, log: quiet });
    await createIssues(3);

    const first = await octokit.rest.issues.listForRepo({ ...repo, per_page: 100 });
    const all = await octokit.rest.issues.listForRepo({ ...repo, labels: "none-such" });

    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    expect(all.headers.link).toBeUndefined();
  });

  it("filters by state (open by default) and by labels, all of which must match", async () => {
    await octokit.rest.issues.create({ ...repo, title: "a", labels: ["drift", "prod"] });
    await octokit.rest.issues.create({ ...repo, title: "b", labels: ["drift"] });
    await octokit.rest.issues.create({ ...repo, title: "c", labels: ["drift", "prod"] });
    await octokit.rest.issues.update({ ...repo, issue_number: 3, state: "closed" });

    const titles = async (params: { state?: "open" | "closed" | "all"; labels?: string }) =>
      (await octokit.rest.issues.listForRepo({ ...repo, ...params })).data.map((i) => i.title);

    expect(await titles({})).toEqual(["b", "a"]);
    expect(await titles({ labels: "drift,prod" })).toEqual(["a"]);
    expect(await titles({ state: "all", labels: "PROD" })).toEqual(["c", "a"]);
    expect(await titles({ state: "closed" })).toEqual(["c"]);
  });

  it("closes an issue as not planned, then reopens it", async () => {
    await octokit.rest.issues.create({ ...repo, title: "Drift in prod" });

    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: 1,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(closed.data.closed_at).toEqual(expect.any(String));

    const reopened = await octokit.rest.issues.update({ ...repo, issue_number: 1, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    expect(emulator.state.issues("acme", "infra")[0]).toMatchObject({ state: "open", stateReason: "reopened" });
  });

  it("answers 404 Not Found for a missing issue and for an unknown route", async () => {
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 9 })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.request("GET /repos/{owner}/{repo}/pulls", repo)).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Not Found" } },
    });
  });
});

describe("GitHub emulator: comments and labels", () => {
  it("adds comments, lists them oldest first and counts them on the issue", async () => {
    await octokit.rest.issues.create({ ...repo, title: "Drift in prod" });

    const comment = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "still drifted" });
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "healed" });

    expect(comment.status).toBe(201);
    expect(comment.data).toMatchObject({
      id: 1,
      body: "still drifted",
      html_url: `${emulator.url}/acme/infra/issues/1#issuecomment-1`,
    });
    const listed = await octokit.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(listed.data.map((c) => c.body)).toEqual(["still drifted", "healed"]);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(2);
    expect(emulator.state.issues("acme", "infra")[0]?.comments.map((c) => c.body)).toEqual(["still drifted", "healed"]);
  });

  it("adds labels from an object or an array, creating unknown ones, and removes one by name", async () => {
    await octokit.rest.issues.create({ ...repo, title: "Drift in prod" });

    const added = await octokit.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ["drift", "prod"] });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      ...repo,
      issue_number: 1,
      data: ["healing"],
    });
    const removed = await octokit.rest.issues.removeLabel({ ...repo, issue_number: 1, name: "prod" });

    expect(added.status).toBe(200);
    expect(added.data.map((l) => l.name)).toEqual(["drift", "prod"]);
    expect(removed.data.map((l) => l.name)).toEqual(["drift", "healing"]);
    expect(emulator.state.labels("acme", "infra").map((l) => l.name)).toEqual(["drift", "prod", "healing"]);
    await expect(octokit.rest.issues.removeLabel({ ...repo, issue_number: 1, name: "prod" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("creates a repository label once and refuses a duplicate with 422 already_exists", async () => {
    const created = await octokit.rest.issues.createLabel({ ...repo, name: "drift", color: "d93f0b" });

    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "drift", color: "d93f0b" });
    await expect(octokit.rest.issues.createLabel({ ...repo, name: "Drift" })).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: "Validation Failed", errors: [{ resource: "Label", field: "name", code: "already_exists" }] },
      },
    });
    expect((await octokit.rest.issues.listLabelsForRepo(repo)).data.map((l) => l.name)).toEqual(["drift"]);
  });
});

describe("GitHub emulator: authentication and validation", () => {
  it("refuses a wrong token with 401 Bad credentials and accepts a Bearer token", async () => {
    const stranger = new Octokit({ auth: "wrong", baseUrl: emulator.url, log: quiet });
    await expect(stranger.rest.issues.listForRepo(repo)).rejects.toMatchObject({
      status: 401,
      response: { data: { message: "Bad credentials", documentation_url: expect.any(String) as unknown } },
    });

    const bearer = await fetch(`${emulator.url}${ISSUES}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(emulator.requestLog.map((r) => r.status)).toEqual([401, 200]);
  });

  it("refuses an issue without a title with GitHub's validation error", async () => {
    // Octokit's types require a title, so this goes around them.
    const response = await fetch(`${emulator.url}${ISSUES}`, {
      method: "POST",
      headers: { authorization: `token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "no title" }),
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
      documentation_url: "https://docs.github.com/rest",
    });
    expect(emulator.state.issues("acme", "infra")).toEqual([]);
  });

  it("refuses an issue or comment body over 65,536 characters and accepts exactly 65,536", async () => {
    const tooLong = "x".repeat(65_537);
    const error = {
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [
            {
              resource: "Issue",
              field: "body",
              code: "custom",
              message: "body is too long (maximum is 65536 characters)",
            },
          ],
        },
      },
    };

    await expect(octokit.rest.issues.create({ ...repo, title: "big", body: tooLong })).rejects.toMatchObject(error);
    await octokit.rest.issues.create({ ...repo, title: "fits", body: "x".repeat(65_536) });
    await expect(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: tooLong })).rejects.toMatchObject({
      status: 422,
    });
    expect(emulator.state.issues("acme", "infra").map((i) => [i.title, i.comments.length])).toEqual([["fits", 0]]);
  });

  it("sends rate-limit and request-id headers on every response", async () => {
    const response = await octokit.rest.issues.listForRepo(repo);

    expect(response.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-resource": "core",
    });
    expect(Number(response.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    expect(response.headers["x-github-request-id"]).toMatch(/^[0-9A-F:]+$/);
  });
});

describe("GitHub emulator: injected faults", () => {
  it("answers two injected 502s and then succeeds, so the retry plugin gets through on the third try", async () => {
    const RetryingOctokit = Octokit.plugin(retry);
    const retrying = new RetryingOctokit({
      auth: TOKEN,
      baseUrl: emulator.url,
      log: quiet,
      retry: { retryAfterBaseValue: 1 },
    });
    emulator.inject({ status: 502, times: 2 });

    const created = await retrying.rest.issues.create({ ...repo, title: "Drift in prod" });

    expect(created.data.number).toBe(1);
    expect(logAfter(0)).toEqual([
      { method: "POST", path: ISSUES, query: {}, status: 502 },
      { method: "POST", path: ISSUES, query: {}, status: 502 },
      { method: "POST", path: ISSUES, query: {}, status: 201 },
    ]);
    expect(emulator.state.issues("acme", "infra")).toHaveLength(1);
  });

  it("answers an injected rate limit with 403, no remaining requests and the reset time", async () => {
    emulator.inject({ status: 403, rateLimit: { resetInSeconds: 2 } });
    const nowSeconds = Math.floor(Date.now() / 1000);

    const error = await octokit.rest.issues.listForRepo(repo).catch((e: unknown) => e);

    expect(error).toMatchObject({
      status: 403,
      response: {
        headers: { "x-ratelimit-remaining": "0" },
        data: { message: expect.stringMatching(/^API rate limit exceeded for /) as unknown },
      },
    });
    const reset = Number(
      (error as { response: { headers: Record<string, string> } }).response.headers["x-ratelimit-reset"],
    );
    expect(reset - nowSeconds).toBeGreaterThanOrEqual(2);
    expect(reset - nowSeconds).toBeLessThanOrEqual(3);
  });

  it("lets the throttling plugin wait out an injected rate limit and retry", async () => {
    const waits: number[] = [];
    const ThrottledOctokit = Octokit.plugin(throttling);
    const throttled = new ThrottledOctokit({
      auth: TOKEN,
      baseUrl: emulator.url,
      log: quiet,
      throttle: {
        retryAfterBaseValue: 1,
        onRateLimit: (retryAfter) => waits.push(retryAfter) === 1,
        onSecondaryRateLimit: () => false,
      },
    });
    emulator.inject({ status: 403, rateLimit: { resetInSeconds: 2 } });

    const listed = await throttled.rest.issues.listForRepo(repo);

    expect(listed.status).toBe(200);
    expect(waits).toEqual([expect.any(Number)]);
    expect(emulator.requestLog.map((r) => r.status)).toEqual([403, 200]);
  });

  it("answers an injected 429 with retry-after and the secondary rate limit message", async () => {
    emulator.inject({ status: 429, retryAfterSeconds: 1 });

    await expect(octokit.rest.issues.listForRepo(repo)).rejects.toMatchObject({
      status: 429,
      response: {
        headers: { "retry-after": "1" },
        data: { message: expect.stringContaining("secondary rate limit") as unknown },
      },
    });
  });

  it("faults only the requests that match its method and path pattern", async () => {
    emulator.inject({ status: 500, match: { method: "post", pathPattern: /\/comments$/ } });
    await octokit.rest.issues.create({ ...repo, title: "Drift in prod" });

    await expect(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "x" })).rejects.toMatchObject({
      status: 500,
    });
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "y" });

    expect(emulator.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${ISSUES} 201`,
      `POST ${ISSUES}/1/comments 500`,
      `POST ${ISSUES}/1/comments 201`,
    ]);
    expect(emulator.state.issues("acme", "infra")[0]?.comments.map((c) => c.body)).toEqual(["y"]);
  });

  it("delays a request by the injected latency", async () => {
    emulator.inject({ latencyMs: 300 });
    const started = performance.now();

    const listed = await octokit.rest.issues.listForRepo(repo);

    expect(listed.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("answers 503 to every request while down, changing nothing, until it recovers", async () => {
    emulator.inject({ down: true });

    await expect(octokit.rest.issues.create({ ...repo, title: "lost" })).rejects.toMatchObject({ status: 503 });
    await expect(octokit.rest.issues.listForRepo(repo)).rejects.toMatchObject({ status: 503 });
    emulator.recover();
    await octokit.rest.issues.create({ ...repo, title: "kept" });

    expect(emulator.requestLog.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 503", "GET 503", "POST 201"]);
    expect(emulator.state.issues("acme", "infra").map((i) => i.title)).toEqual(["kept"]);
  });

  it("forgets state, the request log and queued faults on reset", async () => {
    await octokit.rest.issues.create({ ...repo, title: "old" });
    emulator.inject({ status: 500, times: 5 });

    emulator.reset();
    const created = await octokit.rest.issues.create({ ...repo, title: "new" });

    expect(created.data.number).toBe(1);
    expect(emulator.requestLog).toEqual([
      {
        method: "POST",
        path: ISSUES,
        query: {},
        status: 201,
        body: { title: "new" },
        at: expect.any(String) as unknown,
      },
    ]);
  });
});
