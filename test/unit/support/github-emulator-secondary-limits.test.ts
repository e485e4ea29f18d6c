// The emulator's secondary rate limits: content-creating requests beyond the per-minute or the
// per-hour count are refused as GitHub refuses them, change nothing, and pass again once the
// window has moved on. The emulator's clock is a variable here, so no test waits.
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import {
  GITHUB_SECONDARY_LIMITS,
  startGitHubEmulator,
  type GitHubEmulator,
  type SecondaryLimitOptions,
} from "../../support/github-emulator/index.js";

const TOKEN = "test-token";
const repo = { owner: "acme", repo: "infra" };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(secondaryLimits?: SecondaryLimitOptions, users = false) {
  let clock = Date.parse("2026-01-01T00:00:00Z");
  emulator = await startGitHubEmulator({
    token: TOKEN,
    now: () => new Date(clock),
    ...(secondaryLimits ? { secondaryLimits } : {}),
    ...(users ? { users: [{ token: "other-token", login: "other" }] } : {}),
  });
  const client = (auth: string) => new Octokit({ auth, baseUrl: emulator?.url ?? "", log: quiet });
  return { emulator, octokit: client(TOKEN), client, advance: (ms: number) => (clock += ms) };
}

const create = (octokit: Octokit, title: string) =>
  octokit.rest.issues.create({ ...repo, title }).then(
    (r) => ({ status: r.status, retryAfter: undefined as string | undefined, message: "" }),
    (e: { status: number; response: { headers: Record<string, string>; data: { message: string } } }) => ({
      status: e.status,
      retryAfter: e.response.headers["retry-after"],
      message: e.response.data.message,
    }),
  );

describe("GitHub emulator: secondary rate limits", () => {
  it("defaults to GitHub's 80 a minute and 500 an hour", () => {
    expect(GITHUB_SECONDARY_LIMITS).toEqual({
      perMinute: { count: 80, windowMs: 60_000 },
      perHour: { count: 500, windowMs: 3_600_000 },
    });
  });

  it("refuses the 81st write in a minute with 403, retry-after and the secondary limit message", async () => {
    const { octokit, advance } = await start();
    for (let i = 0; i < 80; i++) expect((await create(octokit, `t${i}`)).status).toBe(201);
    advance(20_000);

    const refused = await create(octokit, "one too many");

    expect(refused).toEqual({
      status: 403,
      retryAfter: "40",
      message: expect.stringContaining("secondary rate limit") as unknown,
    });
    expect(emulator?.state.issues("acme", "infra")).toHaveLength(80);
    // Reads are not content-creating: still answered.
    expect((await octokit.rest.issues.listForRepo(repo)).status).toBe(200);
    advance(40_000);
    expect((await create(octokit, "after the minute")).status).toBe(201);
  });

  it("refuses beyond the hourly count even when every minute is within its own", async () => {
    const { octokit, advance } = await start({
      perMinute: { count: 3, windowMs: 1_000 },
      perHour: { count: 5, windowMs: 10_000 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await create(octokit, `t${i}`)).status);
      advance(500);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 403]);
    advance(10_000 - 3_000);
    expect((await create(octokit, "next hour")).status).toBe(201);
  });

  it("counts every content-creating method, per token, and answers 429 when configured", async () => {
    const { octokit, client } = await start({ perMinute: { count: 2, windowMs: 60_000 }, status: 429 }, true);
    await octokit.rest.issues.create({ ...repo, title: "a" });
    await octokit.rest.issues.update({ ...repo, issue_number: 1, state: "closed" });

    const refused = await create(octokit, "b");
    const other = await create(client("other-token"), "c");

    expect(refused).toMatchObject({ status: 429, retryAfter: "60" });
    expect(other.status).toBe(201);
    expect(emulator?.requestLog.map((r) => `${r.method} ${r.status}`)).toEqual([
      "POST 201",
      "PATCH 200",
      "POST 429",
      "POST 201",
    ]);
  });

  it("rejects limits that are not positive", async () => {
    await expect(start({ perMinute: { count: 0, windowMs: 1000 } })).rejects.toThrow(
      /perMinute.count must be a positive integer/,
    );
  });
});
