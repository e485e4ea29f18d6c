// A scenario for checking the emulator against GitHub's OpenAPI description: every route the
// emulator serves, driven through the real Octokit (users, an installation's bot, a GitHub App),
// answered successfully and with the errors it can give (404, 422, 400, 401, 403, rate limits,
// 5xx), each exchange recorded on the wire. Requests that leave the description on purpose (a
// missing title, bad JSON, an unknown reaction, …) are marked as such.
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { generateKeyPairSync } from "node:crypto";
import { createRecordingFetch, type RecordedExchange, type RecordingFetch } from "./recording-fetch.js";
import { startGitHubEmulator } from "./server.js";
import type { GitHubEmulator } from "./types.js";

const repo = { owner: "acme", repo: "infra" };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const app = { id: 4242, slug: "drift-reconciler", installationId: 7, publicKey: keys.publicKey };

/** Resolves when `sent` fails with `status`; an unexpected success or status fails the scenario. */
async function refused(sent: Promise<unknown>, status: number): Promise<void> {
  const outcome = await sent.then(
    () => "success",
    (error: unknown) => (error as { status?: unknown }).status,
  );
  if (outcome !== status) throw new Error(`scenario: expected an answer ${status}, got ${String(outcome)}`);
}

async function answered(sent: Promise<Response>, status: number): Promise<void> {
  const response = await sent;
  if (response.status !== status) throw new Error(`scenario: expected an answer ${status}, got ${response.status}`);
}

function clients(emulator: GitHubEmulator, recorder: RecordingFetch) {
  const options = { baseUrl: emulator.url, log: quiet, request: { fetch: recorder.fetch } };
  const as = (token: string) => new Octokit({ ...options, auth: token });
  const asApp = (installationId?: number) =>
    new Octokit({
      ...options,
      authStrategy: createAppAuth,
      auth: { appId: app.id, privateKey: keys.privateKey, ...(installationId ? { installationId } : {}) },
    });
  const raw = (method: string, path: string, body: string) =>
    recorder.fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: "token bot-token", "content-type": "application/json" },
      body,
    });
  return { bot: as("bot-token"), alice: as("alice-token"), rita: as("rita-token"), as, asApp, raw };
}

type Clients = ReturnType<typeof clients>;

async function accounts({ bot, as, asApp }: Clients): Promise<void> {
  await bot.rest.users.getAuthenticated();
  await refused(as("actions-token").rest.users.getAuthenticated(), 403);
  await refused(as("wrong-token").rest.users.getAuthenticated(), 401);
  await asApp().rest.apps.getAuthenticated();
  await refused(asApp().rest.apps.createInstallationAccessToken({ installation_id: 99 }), 404);
  await refused(bot.rest.apps.getAuthenticated(), 401);
  await asApp(app.installationId).rest.issues.create({ ...repo, title: "Opened by the App" });
}

async function issues({ bot, raw }: Clients, recorder: RecordingFetch): Promise<void> {
  await bot.rest.issues.create({ ...repo, title: "Drift in prod", body: "port 22", labels: ["drift"] });
  await recorder.deliberately(async () => {
    await answered(raw("POST", "/repos/acme/infra/issues", JSON.stringify({ body: "no title" })), 422);
    await answered(raw("POST", "/repos/acme/infra/issues", "{not json"), 400);
    await refused(
      bot.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        ...repo,
        issue_number: 2,
        state: "merged" as "open",
      }),
      422,
    );
  });
  await bot.paginate(bot.rest.issues.listForRepo, { ...repo, state: "all", labels: "drift", per_page: 1 });
  await bot.rest.issues.listForRepo({ ...repo, sort: "updated", direction: "asc", since: "2020-01-01T00:00:00Z" });
  await bot.rest.issues.get({ ...repo, issue_number: 2 });
  await refused(bot.rest.issues.get({ ...repo, issue_number: 99 }), 404);
  await bot.rest.issues.update({ ...repo, issue_number: 2, state: "closed", state_reason: "not_planned" });
  await bot.rest.issues.update({ ...repo, issue_number: 2, state: "open", title: "Drift in prod (again)" });
}

async function comments({ bot, alice }: Clients, emulator: GitHubEmulator, recorder: RecordingFetch): Promise<void> {
  await bot.rest.issues.createComment({ ...repo, issue_number: 2, body: "drift found" });
  await alice.rest.issues.createComment({ ...repo, issue_number: 2, body: "/drift hold 48h change freeze" });
  emulator.comment("acme", "infra", 2, "rita", "/drift heal");
  await bot.paginate(bot.rest.issues.listComments, {
    ...repo,
    issue_number: 2,
    since: "2020-01-01T00:00:00Z",
    per_page: 2,
  });
  await bot.rest.issues.listCommentsForRepo({
    ...repo,
    sort: "updated",
    direction: "desc",
    since: "2020-01-01T00:00:00Z",
  });
  await recorder.deliberately(async () => {
    await refused(bot.rest.issues.listComments({ ...repo, issue_number: 2, since: "yesterday" }), 422);
    await refused(bot.rest.issues.listCommentsForRepo({ ...repo, since: "last week" }), 422);
  });
  await bot.rest.issues.getComment({ ...repo, comment_id: 1 });
  await refused(bot.rest.issues.getComment({ ...repo, comment_id: 99 }), 404);
  await bot.rest.issues.updateComment({ ...repo, comment_id: 1, body: "drift found (edited)" });
  await refused(bot.rest.issues.updateComment({ ...repo, comment_id: 1, body: "" }), 422);
  const doomed = await bot.rest.issues.createComment({ ...repo, issue_number: 2, body: "to be deleted" });
  await bot.rest.issues.deleteComment({ ...repo, comment_id: doomed.data.id });
}

async function reactions({ bot, rita }: Clients, recorder: RecordingFetch): Promise<void> {
  await bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 2, content: "+1" });
  await bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 2, content: "+1" });
  await rita.rest.reactions.createForIssueComment({ ...repo, comment_id: 3, content: "confused" });
  await recorder.deliberately(() =>
    refused(bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 2, content: "thumbsup" as "+1" }), 422),
  );
  await bot.rest.reactions.listForIssueComment({ ...repo, comment_id: 2 });
  await bot.rest.reactions.listForIssueComment({ ...repo, comment_id: 2, content: "+1", per_page: 10 });
  await bot.rest.issues.listComments({ ...repo, issue_number: 2 });
  await bot.rest.reactions.deleteForIssueComment({ ...repo, comment_id: 3, reaction_id: 2 });
  await refused(bot.rest.reactions.deleteForIssueComment({ ...repo, comment_id: 3, reaction_id: 2 }), 404);
  await refused(bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 99, content: "+1" }), 404);
}

async function collaborators({ bot, rita }: Clients): Promise<void> {
  for (const username of ["alice", "maria", "rita", "drift-bot"]) {
    await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
  }
  await refused(bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "nobody" }), 404);
  await refused(rita.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" }), 403);
  await bot.rest.repos.checkCollaborator({ ...repo, username: "alice" });
  await refused(bot.rest.repos.checkCollaborator({ ...repo, username: "drift-bot" }), 404);
}

async function labels({ bot }: Clients, recorder: RecordingFetch): Promise<void> {
  await bot.rest.issues.createLabel({ ...repo, name: "drift:on-hold", color: "fbca04", description: "held" });
  await refused(bot.rest.issues.createLabel({ ...repo, name: "Drift:On-Hold" }), 422);
  await refused(bot.rest.issues.createLabel({ ...repo, name: "red", color: "red" }), 422);
  await bot.rest.issues.listLabelsForRepo(repo);
  await bot.rest.issues.getLabel({ ...repo, name: "drift:on-hold" });
  await refused(bot.rest.issues.getLabel({ ...repo, name: "none-such" }), 404);
  await bot.rest.issues.addLabels({ ...repo, issue_number: 2, labels: ["drift:on-hold"] });
  await recorder.deliberately(() =>
    // GitHub also takes a bare array, which its description no longer lists.
    bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      ...repo,
      issue_number: 2,
      data: ["prod"],
    }),
  );
  await bot.rest.issues.listLabelsOnIssue({ ...repo, issue_number: 2 });
  await bot.rest.issues.setLabels({ ...repo, issue_number: 2, labels: ["drift", "drift:on-hold"] });
  await bot.rest.issues.removeLabel({ ...repo, issue_number: 2, name: "drift:on-hold" });
  await refused(bot.rest.issues.removeLabel({ ...repo, issue_number: 2, name: "drift:on-hold" }), 404);
}

async function faults({ bot }: Clients, emulator: GitHubEmulator, recorder: RecordingFetch): Promise<void> {
  emulator.inject({ status: 403, rateLimit: { resetInSeconds: 60 } });
  await refused(bot.rest.issues.listForRepo(repo), 403);
  emulator.inject({ status: 429, retryAfterSeconds: 1 });
  await refused(bot.rest.reactions.createForIssueComment({ ...repo, comment_id: 2, content: "heart" }), 429);
  emulator.inject({ status: 502 });
  await refused(bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "alice" }), 502);
  emulator.inject({ down: true });
  await refused(bot.rest.issues.listComments({ ...repo, issue_number: 2 }), 503);
  emulator.recover();
  await refused(bot.request("GET /repos/{owner}/{repo}/pulls", repo), 404);
  await recorder.deliberately(() => refused(bot.request("GET /emulator/nothing-here"), 404));
}

export interface ScenarioRun {
  exchanges: RecordedExchange[];
  /** The emulator's request log as "METHOD path status" lines. */
  logged: string[];
}

export async function runOpenApiScenario(): Promise<ScenarioRun> {
  const recorder = createRecordingFetch();
  const emulator = await startGitHubEmulator({
    token: "bot-token",
    login: "drift-bot",
    users: [
      { token: "alice-token", login: "alice" },
      { token: "rita-token", login: "rita" },
      { token: "actions-token", login: "github-actions[bot]" },
    ],
    app,
    collaborators: { "acme/infra": { alice: "write", maria: "maintain", rita: "read" } },
  });
  try {
    const c = clients(emulator, recorder);
    await accounts(c);
    await issues(c, recorder);
    await comments(c, emulator, recorder);
    await reactions(c, recorder);
    await collaborators(c);
    await labels(c, recorder);
    await faults(c, emulator, recorder);
    return {
      exchanges: recorder.exchanges,
      logged: emulator.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`),
    };
  } finally {
    await emulator.close();
  }
}
