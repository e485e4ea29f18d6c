// The GitHub emulator's accounts, driven by the real Octokit clients: several users with their
// own tokens, an installation bot that may not ask who it is, and a GitHub App authenticating
// with signed JSON web tokens and installation tokens.
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const repo = { owner: "acme", repo: "infra" };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const keys = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
const appKeys = keys();
const app = { id: 4242, slug: "drift-reconciler", installationId: 7, publicKey: appKeys.publicKey };

let emulator: GitHubEmulator;
beforeEach(async () => {
  emulator = await startGitHubEmulator({
    token: "bot-token",
    login: "drift-bot",
    users: [
      { token: "mallory-token", login: "mallory" },
      { token: "actions-token", login: "github-actions[bot]" },
    ],
    app,
  });
});
afterEach(async () => emulator.close());

const asToken = (token: string) => new Octokit({ auth: token, baseUrl: emulator.url, log: quiet });
const asApp = (privateKey: string) =>
  new Octokit({
    authStrategy: createAppAuth,
    auth: { appId: app.id, privateKey, installationId: app.installationId },
    baseUrl: emulator.url,
    log: quiet,
  });

describe("GitHub emulator: accounts", () => {
  it("authors each issue and comment by the login of the token that wrote it", async () => {
    await asToken("bot-token").rest.issues.create({ ...repo, title: "by the bot" });
    const { data } = await asToken("mallory-token").rest.issues.create({ ...repo, title: "by mallory" });
    await asToken("mallory-token").rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" });
    expect(data.user?.login).toBe("mallory");
    const issues = emulator.state.issues("acme", "infra");
    expect(issues.map((i) => i.author)).toEqual(["drift-bot", "mallory"]);
    expect(issues[0]?.comments.map((c) => c.author)).toEqual(["mallory"]);
  });

  it("answers GET /user with the token's login, and 403 for an installation's bot", async () => {
    expect((await asToken("mallory-token").rest.users.getAuthenticated()).data.login).toBe("mallory");
    await expect(asToken("actions-token").rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
    await expect(asToken("nobody").rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });

  it("lets a GitHub App name itself with its signed token and act as its bot through an installation token", async () => {
    const octokit = asApp(appKeys.privateKey);
    expect((await octokit.rest.apps.getAuthenticated()).data?.slug).toBe("drift-reconciler");
    const { data } = await octokit.rest.issues.create({ ...repo, title: "by the app" });
    expect(data.user?.login).toBe("drift-reconciler[bot]");
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
  });

  it("refuses a JSON web token signed with another key", async () => {
    await expect(asApp(keys().privateKey).rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });
});
