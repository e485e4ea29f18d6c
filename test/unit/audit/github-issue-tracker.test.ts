// Only the reconciler's own issues and comments count: the GitHub tracker and the author it
// resolves (the token's user, Actions' bot, the App's bot, or as configured), over the GitHub
// API emulator and the real Octokit client.
import { Octokit } from "@octokit/rest";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubAuthor, resolveGitHubAuthor } from "../../../reconciler/audit/github-author.js";
import { createGitHubClient } from "../../../reconciler/audit/github-client.js";
import { githubIssueTracker } from "../../../reconciler/audit/github-issue-tracker.js";
import { commentFor, issueBody } from "../../../reconciler/audit/issue-body.js";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import type { GitHubConfig } from "../../../reconciler/core/config-schema.js";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const { publicKey, privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const app = { id: 99, slug: "drift-app", installationId: 5, publicKey };
const env = {
  BOT_TOKEN: "bot-token",
  ACTIONS_TOKEN: "actions-token",
  APP_ID: "99",
  APP_KEY: privateKey,
  APP_INSTALLATION: "5",
};

let github: GitHubEmulator;
beforeEach(async () => {
  github = await startGitHubEmulator({
    token: "bot-token",
    login: "drift-bot",
    users: [
      { token: "mallory-token", login: "mallory" },
      { token: "actions-token", login: "github-actions[bot]" },
    ],
    app,
  });
});
afterEach(async () => github.close());

const config = (parts: Partial<GitHubConfig> = {}): GitHubConfig => ({
  repository: "acme/infra",
  baseUrl: github.url,
  tokenEnv: "BOT_TOKEN",
  labels: ["drift"],
  ...parts,
});
/** Another account, writing straight to the API. */
const mallory = () => new Octokit({ auth: "mallory-token", baseUrl: github.url });
const clientFor = (c: GitHubConfig, e: Record<string, string> = env) => createGitHubClient(c, e, { retries: 0 });
function trackerFor(c: GitHubConfig = config()) {
  const client = clientFor(c);
  return githubIssueTracker(client, { repository: "acme/infra", label: "drift", author: githubAuthor(client, c, env) });
}

const detected: Extract<AuditEvent, { kind: "drift-detected" }> = {
  id: "e1",
  at: "2024-06-12T12:00:00.000Z",
  project: "shop",
  stack: "dev",
  kind: "drift-detected",
  fingerprint: "abc123",
  severity: "critical",
  report: "## shop/dev: drifted",
};

// Octokit spaces out writes that notify people (issues, comments) by seconds, across clients.
describe("the GitHub tracker", { timeout: 20_000 }, () => {
  it("ignores an open issue with the stack's trailer that another account opened, and finds its own", async () => {
    await mallory().rest.issues.create({
      owner: "acme",
      repo: "infra",
      title: "x",
      body: issueBody(detected, "2024-06-12T12:00:00.000Z"),
      labels: ["drift"],
    });
    const tracker = trackerFor();
    expect(await tracker.findOpen("shop", "dev")).toBeUndefined();

    const created = await tracker.create(
      "shop",
      "dev",
      "Drift detected: shop/dev",
      issueBody(detected, "2024-06-12T12:00:00.000Z"),
      ["drift"],
    );
    expect(created.number).toBe(2);
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({ number: 2, fingerprint: "abc123" });
  });

  it("keeps finding its issue when another account relabels or closes it; one it closed itself is over", async () => {
    const tracker = trackerFor();
    const body = issueBody(detected, "2024-06-12T12:00:00.000Z");
    const created = await tracker.create("shop", "dev", "Drift detected: shop/dev", body, ["drift", "stack:dev"]);
    const where = { owner: "acme", repo: "infra", issue_number: created.number };
    await mallory().rest.issues.removeLabel({ ...where, name: "drift" });
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({ number: created.number, labels: ["stack:dev"] });
    expect((await tracker.findOpen("shop", "dev"))?.closedBy).toBeUndefined();

    await mallory().rest.issues.update({ ...where, state: "closed" });
    const closed = await tracker.findOpen("shop", "dev");
    expect(closed).toMatchObject({ number: created.number, closedBy: { login: "mallory" } });
    expect(closed?.closedBy?.at).toMatch(/^\d{4}-\d\d-\d\dT/);

    await tracker.reopen(created);
    await tracker.close(created);
    expect(await tracker.findOpen("shop", "dev")).toBeUndefined();
  });

  it("counts a note key only in its own comments, never in a comment another account wrote", async () => {
    const tracker = trackerFor();
    const issue = await tracker.create(
      "shop",
      "dev",
      "Drift detected: shop/dev",
      issueBody(detected, "2024-06-12T12:00:00.000Z"),
      ["drift"],
    );
    const note = commentFor(detected);
    await mallory().rest.issues.createComment({
      owner: "acme",
      repo: "infra",
      issue_number: issue.number,
      body: note.body,
    });
    expect(await tracker.hasNote(issue, note.noteKey)).toBe(false);
    await tracker.comment(issue, note.body);
    expect(await tracker.hasNote(issue, note.noteKey)).toBe(true);
  });

  it("refuses to go on when the issues it opens are not by the configured author", async () => {
    const tracker = trackerFor(config({ author: "someone-else" }));
    await expect(
      tracker.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, "2024-06-12T12:00:00.000Z"), [
        "drift",
      ]),
    ).rejects.toThrow(/audit\.github\.author: issue #1 was opened by drift-bot, not by someone-else/);
  });
});

describe("the reconciler's GitHub author", () => {
  it("is the token's user", async () => {
    expect(await resolveGitHubAuthor(clientFor(config()), config(), env)).toBe("drift-bot");
  });

  it("is github-actions[bot] for a token that may not ask who it is, inside GitHub Actions", async () => {
    const c = config({ tokenEnv: "ACTIONS_TOKEN" });
    expect(await resolveGitHubAuthor(clientFor(c), c, { ...env, GITHUB_ACTIONS: "true" })).toBe("github-actions[bot]");
  });

  it("must be configured for such a token outside GitHub Actions", async () => {
    const c = config({ tokenEnv: "ACTIONS_TOKEN" });
    await expect(resolveGitHubAuthor(clientFor(c), c, env)).rejects.toThrow(/set author to the login/);
  });

  it("is the App's bot when the reconciler is a GitHub App", async () => {
    const c = config({ app: { appIdEnv: "APP_ID", privateKeyEnv: "APP_KEY", installationIdEnv: "APP_INSTALLATION" } });
    delete c.tokenEnv;
    expect(await resolveGitHubAuthor(clientFor(c), c, env)).toBe("drift-app[bot]");
  });

  it("is the configured login, without asking GitHub", async () => {
    const c = config({ author: "drift-bot" });
    expect(await resolveGitHubAuthor(clientFor(c), c, env)).toBe("drift-bot");
    expect(github.requestLog).toEqual([]);
  });

  it("is asked once for all of a tracker's lookups", async () => {
    const tracker = trackerFor();
    await tracker.findOpen("shop", "dev");
    await tracker.findOpen("shop", "prod");
    expect(github.requestLog.filter((r) => r.path === "/user")).toHaveLength(1);
  });
});
