// What steering from a tracking issue needs of the GitHub emulator, driven by the real Octokit:
// comments newer than a time (`since`), comments by other people, their permission on the
// repository, reactions on a comment, and reopening an issue.
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const repo = { owner: "acme", repo: "infra" };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let clock: Date;
let emulator: GitHubEmulator;
let bot: Octokit;

const at = (iso: string) => {
  clock = new Date(iso);
};
const asToken = (token: string) => new Octokit({ auth: token, baseUrl: emulator.url, log: quiet });

beforeEach(async () => {
  at("2024-06-12T12:00:00.000Z");
  emulator = await startGitHubEmulator({
    token: "bot-token",
    login: "drift-bot",
    users: [
      { token: "alice-token", login: "alice" },
      { token: "rita-token", login: "rita" },
    ],
    collaborators: { "acme/infra": { alice: "write", rita: "read" } },
    now: () => clock,
  });
  bot = asToken("bot-token");
  await bot.rest.issues.create({ ...repo, title: "Drift in prod" });
});
afterEach(async () => emulator.close());

describe("GitHub emulator: comments since a time", () => {
  beforeEach(async () => {
    await bot.rest.issues.createComment({ ...repo, issue_number: 1, body: "drift found" });
    at("2024-06-12T12:05:00.400Z");
    emulator.comment("acme", "infra", 1, "alice", "/drift hold 48h change freeze");
    at("2024-06-12T12:10:00.000Z");
    await asToken("rita-token").rest.issues.createComment({ ...repo, issue_number: 1, body: "/drift heal" });
  });

  it("lists only the comments updated at or after `since`, to the second", async () => {
    const bodies = async (since: string) =>
      (await bot.rest.issues.listComments({ ...repo, issue_number: 1, since })).data.map((c) => c.body);

    expect(await bodies("2024-06-12T12:05:00Z")).toEqual(["/drift hold 48h change freeze", "/drift heal"]);
    expect(await bodies("2024-06-12T12:05:01Z")).toEqual(["/drift heal"]);
    expect(await bodies("2024-06-12T12:10:01Z")).toEqual([]);
    expect(await bodies("2024-06-12")).toHaveLength(3);
  });

  it("filters on updated_at, so an edited old comment comes back", async () => {
    at("2024-06-12T13:00:00.000Z");
    await bot.rest.issues.updateComment({ ...repo, comment_id: 1, body: "drift found (edited)" });

    const { data } = await bot.rest.issues.listComments({ ...repo, issue_number: 1, since: "2024-06-12T12:30:00Z" });

    expect(data.map((c) => [c.id, c.created_at, c.updated_at])).toEqual([
      [1, "2024-06-12T12:00:00Z", "2024-06-12T13:00:00Z"],
    ]);
  });

  it("pages through the comments since a time, keeping `since` in the Link header", async () => {
    const pages = await bot.paginate(bot.rest.issues.listComments, {
      ...repo,
      issue_number: 1,
      since: "2024-06-12T12:01:00Z",
      per_page: 1,
    });

    expect(pages.map((c) => c.user?.login)).toEqual(["alice", "rita"]);
    expect(emulator.requestLog.slice(-2).map((r) => r.query)).toEqual([
      { since: "2024-06-12T12:01:00Z", per_page: "1" },
      { since: "2024-06-12T12:01:00Z", per_page: "1", page: "2" },
    ]);
  });

  it("lists the repository's comments by id, or sorted with a direction, and since a time", async () => {
    await bot.rest.issues.create({ ...repo, title: "Drift in dev" });
    at("2024-06-12T12:20:00.000Z");
    await bot.rest.issues.createComment({ ...repo, issue_number: 2, body: "dev drift" });
    at("2024-06-12T12:30:00.000Z");
    await bot.rest.issues.updateComment({ ...repo, comment_id: 2, body: "/drift resume" });

    const ids = async (params: { since?: string; sort?: "created" | "updated"; direction?: "asc" | "desc" }) =>
      (await bot.rest.issues.listCommentsForRepo({ ...repo, ...params })).data.map((c) => c.id);

    expect(await ids({})).toEqual([1, 2, 3, 4]);
    expect(await ids({ sort: "created" })).toEqual([4, 3, 2, 1]);
    expect(await ids({ sort: "updated", direction: "asc" })).toEqual([1, 3, 4, 2]);
    expect(await ids({ since: "2024-06-12T12:15:00Z" })).toEqual([2, 4]);
  });

  it("lists only the issues updated at or after `since`", async () => {
    at("2024-06-12T12:20:00.000Z");
    await bot.rest.issues.create({ ...repo, title: "Drift in dev" });

    const titles = async (since: string) =>
      (await bot.rest.issues.listForRepo({ ...repo, since })).data.map((i) => i.title);

    expect(await titles("2024-06-12T12:15:00Z")).toEqual(["Drift in dev"]);
    expect(await titles("2024-06-12T12:10:00Z")).toEqual(["Drift in dev", "Drift in prod"]);
  });

  it("refuses a `since` that is not an ISO 8601 time with 422 and GitHub's message", async () => {
    await expect(bot.rest.issues.listComments({ ...repo, issue_number: 1, since: "yesterday" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "The since parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ" } },
    });
  });

  it("shows each comment's author, and the comments in the state snapshot", async () => {
    const { data } = await bot.rest.issues.listComments({ ...repo, issue_number: 1 });

    expect(data.map((c) => [c.user?.login, c.author_association])).toEqual([
      ["drift-bot", "NONE"],
      ["alice", "COLLABORATOR"],
      ["rita", "COLLABORATOR"],
    ]);
    expect(emulator.state.issues("acme", "infra")[0]?.comments.map((c) => [c.id, c.author])).toEqual([
      [1, "drift-bot"],
      [2, "alice"],
      [3, "rita"],
    ]);
  });

  it("adds a comment without a request: nothing logged, no fault consumed", () => {
    emulator.inject({ status: 500 });
    const before = emulator.requestLog.length;

    const comment = emulator.comment("acme", "infra", 1, "mallory", "/drift heal");

    expect(comment).toMatchObject({ id: 4, author: "mallory", createdAt: "2024-06-12T12:10:00Z", reactions: [] });
    expect(emulator.requestLog).toHaveLength(before);
    expect(() => emulator.comment("acme", "infra", 9, "mallory", "x")).toThrow(/no issue acme\/infra#9/);
    expect(() => emulator.comment("acme", "infra", 1, "mallory", "  ")).toThrow(/must not be blank/);
  });
});

describe("GitHub emulator: collaborator permissions", () => {
  const permission = (username: string, as = bot) =>
    as.rest.repos.getCollaboratorPermissionLevel({ ...repo, username }).then((r) => r.data);

  it("answers each role with its legacy permission (maintain → write, triage → read) and the role name", async () => {
    const roles = ["admin", "maintain", "write", "triage", "read"] as const;
    roles.forEach((role) => emulator.setRole("acme", "infra", `user-${role}`, role));

    const answers = await Promise.all(roles.map((role) => permission(`user-${role}`)));

    expect(answers.map((a) => [a.user?.login, a.permission, a.role_name])).toEqual([
      ["user-admin", "admin", "admin"],
      ["user-maintain", "write", "maintain"],
      ["user-write", "write", "write"],
      ["user-triage", "read", "triage"],
      ["user-read", "read", "read"],
    ]);
    expect(answers[1]?.user?.permissions).toEqual({
      admin: false,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    });
  });

  it("answers permission none for a known account without a role, and 404 for a login nobody has seen", async () => {
    expect(await permission("drift-bot")).toMatchObject({ permission: "none", role_name: "none" });
    emulator.comment("acme", "infra", 1, "mallory", "/drift heal");
    expect(await permission("Mallory")).toMatchObject({ permission: "none", user: { login: "Mallory" } });
    await expect(permission("nobody-at-all")).rejects.toMatchObject({ status: 404 });
  });

  it("takes roles from the option, per repository and case-insensitively; setRole changes and removes them", async () => {
    expect(await permission("ALICE")).toMatchObject({ permission: "write", role_name: "write" });
    await expect(
      bot.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "other", username: "alice" }),
    ).resolves.toMatchObject({ data: { permission: "none" } });

    emulator.setRole("acme", "infra", "alice", "triage");
    expect(await permission("alice")).toMatchObject({ permission: "read", role_name: "triage" });
    emulator.setRole("acme", "infra", "alice", null);
    expect(await permission("alice")).toMatchObject({ permission: "none" });
    expect(emulator.state.collaborators("acme", "infra")).toEqual([{ login: "rita", role: "read" }]);

    emulator.reset();
    expect(emulator.state.collaborators("acme", "infra")).toEqual([
      { login: "alice", role: "write" },
      { login: "rita", role: "read" },
    ]);
  });

  it("refuses a caller whose own role is below write with 403, as GitHub requires push access", async () => {
    await expect(permission("alice", asToken("rita-token"))).rejects.toMatchObject({
      status: 403,
      response: { data: { message: "Must have push access to view collaborator permission." } },
    });
    expect(await permission("rita", asToken("alice-token"))).toMatchObject({ permission: "read" });
  });

  it("answers 204 for a collaborator and 404 for anyone else", async () => {
    const check = (username: string) => bot.rest.repos.checkCollaborator({ ...repo, username });

    expect((await check("alice")).status).toBe(204);
    await expect(check("drift-bot")).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a malformed collaborators option or role, naming it", async () => {
    await expect(startGitHubEmulator({ collaborators: { infra: { alice: "write" } } })).rejects.toThrow(
      'collaborators key must be "owner/repo", got "infra"',
    );
    // @ts-expect-error: "push" is the old API's word, not a role
    await expect(startGitHubEmulator({ collaborators: { "acme/infra": { alice: "push" } } })).rejects.toThrow(
      'collaborators["acme/infra"]["alice"] must be one of read, triage, write, maintain, admin, got "push"',
    );
    // @ts-expect-error: "owner" is not a role
    expect(() => emulator.setRole("acme", "infra", "alice", "owner")).toThrow(/the role of alice must be one of/);
  });
});

describe("GitHub emulator: reactions on a comment", () => {
  beforeEach(async () => {
    emulator.comment("acme", "infra", 1, "alice", "/drift hold 48h");
  });
  const react = (content: "+1" | "confused" | "heart", as = bot) =>
    as.rest.reactions.createForIssueComment({ ...repo, comment_id: 1, content });

  it("creates a reaction (201), answers the same one again with 200, and shows it on the comment", async () => {
    const created = await react("+1");
    const again = await react("+1");
    await react("confused", asToken("rita-token"));

    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ id: 1, content: "+1", user: { login: "drift-bot" } });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(1);
    const comment = (await bot.rest.issues.getComment({ ...repo, comment_id: 1 })).data;
    expect(comment.reactions).toMatchObject({ total_count: 2, "+1": 1, confused: 1, heart: 0 });
    expect(emulator.state.issues("acme", "infra")[0]?.comments[0]?.reactions).toEqual([
      { content: "+1", user: "drift-bot" },
      { content: "confused", user: "rita" },
    ]);
  });

  it("lists reactions oldest first, or only one content", async () => {
    await react("+1");
    await react("heart", asToken("alice-token"));
    await react("+1", asToken("rita-token"));

    const all = await bot.rest.reactions.listForIssueComment({ ...repo, comment_id: 1 });
    const plusOnes = await bot.rest.reactions.listForIssueComment({ ...repo, comment_id: 1, content: "+1" });

    expect(all.data.map((r) => `${r.user?.login} ${r.content}`)).toEqual(["drift-bot +1", "alice heart", "rita +1"]);
    expect(plusOnes.data.map((r) => r.user?.login)).toEqual(["drift-bot", "rita"]);
  });

  it("refuses an unknown or missing content with 422 and changes nothing", async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/repos/acme/infra/issues/comments/1/reactions`, {
        method: "POST",
        headers: { authorization: "token bot-token", "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    const unknown = await post({ content: "thumbsup" });
    const missing = await post({});

    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Reaction", field: "content", code: "invalid" }],
    });
    expect(missing.status).toBe(422);
    expect(emulator.state.issues("acme", "infra")[0]?.comments[0]?.reactions).toEqual([]);
  });

  it("deletes a reaction (204), and answers 404 for a missing comment or reaction", async () => {
    await react("+1");

    const deleted = await bot.rest.reactions.deleteForIssueComment({ ...repo, comment_id: 1, reaction_id: 1 });

    expect(deleted.status).toBe(204);
    await expect(
      bot.rest.reactions.deleteForIssueComment({ ...repo, comment_id: 1, reaction_id: 1 }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 99, content: "+1" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("GitHub emulator: steering requests are logged and faulted like any other", () => {
  it("logs the new requests with their bodies and statuses", async () => {
    emulator.comment("acme", "infra", 1, "alice", "/drift heal");
    const before = emulator.requestLog.length;

    await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" });
    await bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 1, content: "+1" });
    await bot.rest.issues.listComments({ ...repo, issue_number: 1, since: "2024-06-12T12:00:00Z" });

    expect(emulator.requestLog.slice(before).map(({ at: _at, ...entry }) => entry)).toEqual([
      { method: "GET", path: "/repos/acme/infra/collaborators/alice/permission", query: {}, status: 200 },
      {
        method: "POST",
        path: "/repos/acme/infra/issues/comments/1/reactions",
        query: {},
        status: 201,
        body: { content: "+1" },
      },
      {
        method: "GET",
        path: "/repos/acme/infra/issues/1/comments",
        query: { since: "2024-06-12T12:00:00Z" },
        status: 200,
      },
    ]);
  });

  it("answers an injected fault on a reaction without creating it", async () => {
    emulator.comment("acme", "infra", 1, "alice", "/drift heal");
    emulator.inject({ status: 502, match: { method: "POST", pathPattern: /\/reactions$/ } });

    await expect(
      bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 1, content: "+1" }),
    ).rejects.toMatchObject({ status: 502 });
    emulator.inject({ status: 403, rateLimit: { resetInSeconds: 5 }, match: { pathPattern: /\/permission$/ } });
    await expect(bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" })).rejects.toMatchObject({
      status: 403,
      response: { headers: { "x-ratelimit-remaining": "0" } },
    });

    expect(emulator.state.issues("acme", "infra")[0]?.comments[0]?.reactions).toEqual([]);
  });
});

describe("GitHub emulator: reopening", () => {
  it("reopens an issue closed as completed: state open, state_reason reopened, closed_at null", async () => {
    at("2024-06-12T12:30:00.000Z");
    const closed = await bot.rest.issues.update({ ...repo, issue_number: 1, state: "closed" });
    at("2024-06-12T13:00:00.000Z");
    const reopened = await bot.rest.issues.update({ ...repo, issue_number: 1, state: "open" });

    expect(closed.data).toMatchObject({
      state: "closed",
      state_reason: "completed",
      closed_at: "2024-06-12T12:30:00Z",
    });
    expect(reopened.data).toMatchObject({
      state: "open",
      state_reason: "reopened",
      closed_at: null,
      updated_at: "2024-06-12T13:00:00Z",
    });
    expect(emulator.state.issues("acme", "infra")[0]).toMatchObject({
      state: "open",
      stateReason: "reopened",
      closedAt: null,
    });
    const open = await bot.rest.issues.listForRepo({ ...repo, state: "open" });
    expect(open.data.map((i) => i.number)).toEqual([1]);
  });
});
