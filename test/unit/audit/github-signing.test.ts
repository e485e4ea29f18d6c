// When the token is a shared identity, the reconciler signs what it writes and counts only what
// verifies: another workflow acting as the same login cannot forge its issues or notes. The
// key is required then, with an error naming it; checked over the GitHub API emulator.
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubAuthor } from "../../../reconciler/audit/github-author.js";
import { createGitHubClient } from "../../../reconciler/audit/github-client.js";
import { githubIssueTracker } from "../../../reconciler/audit/github-issue-tracker.js";
import { githubSigning } from "../../../reconciler/audit/github-signing.js";
import { commentFor, issueBody } from "../../../reconciler/audit/issue-body.js";
import { deliverEvent } from "../../../reconciler/audit/deliver-event.js";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import type { GitHubConfig } from "../../../reconciler/core/config-schema.js";
import { configSecrets } from "../../../reconciler/core/config-secrets.js";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const key = "a1".repeat(20);
const previousKey = "b2".repeat(20);
// As in a GitHub Actions job.
const env = {
  GITHUB_ACTIONS: "true",
  ACTIONS_TOKEN: "actions-token",
  BOT_TOKEN: "bot-token",
  SIGNING_KEY: key,
  OLD_KEY: previousKey,
};

let github: GitHubEmulator;
beforeEach(async () => {
  github = await startGitHubEmulator({
    token: "actions-token",
    login: "github-actions[bot]",
    users: [
      { token: "other-workflow-token", login: "github-actions[bot]" },
      { token: "bot-token", login: "drift-bot" },
      { token: "mallory-token", login: "mallory" },
    ],
  });
});
afterEach(async () => github.close());

const config = (parts: Partial<GitHubConfig> = {}): GitHubConfig => ({
  repository: "acme/infra",
  baseUrl: github.url,
  tokenEnv: "ACTIONS_TOKEN",
  labels: ["drift"],
  signingKeyEnv: "SIGNING_KEY",
  ...parts,
});
function trackerFor(c: GitHubConfig = config(), e: Record<string, string> = env, warn?: (m: string) => void) {
  const client = createGitHubClient(c, e, { retries: 0 });
  const author = githubAuthor(client, c, e);
  return githubIssueTracker(client, {
    repository: "acme/infra",
    label: "drift",
    author,
    signing: githubSigning(c, e, author),
    ...(warn ? { warn } : {}),
  });
}
/** Another workflow of the repository: the same login, without the key. */
const otherWorkflow = () => new Octokit({ auth: "other-workflow-token", baseUrl: github.url });
const where = { owner: "acme", repo: "infra" };
/** A person with the triage role: may close issues. */
const mallory = () => new Octokit({ auth: "mallory-token", baseUrl: github.url });

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
const opened = "2024-06-12T12:00:00.000Z";

describe("signing on a shared token", { timeout: 20_000 }, () => {
  it("ignores, with a warning, an issue and a note of the same login that are not signed", async () => {
    const forgedIssue = await otherWorkflow().rest.issues.create({
      ...where,
      title: "x",
      body: issueBody(detected, opened),
      labels: ["drift"],
    });
    const warnings: string[] = [];
    const tracker = trackerFor(config(), env, (m) => warnings.push(m));
    expect(await tracker.findOpen("shop", "dev")).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`ignored .*issues/${forgedIssue.data.number}: written as github-actions\\[bot\\]`),
      ),
    ]);

    const issue = await tracker.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, opened), [
      "drift",
    ]);
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({ number: issue.number, fingerprint: "abc123" });
    const note = commentFor(detected);
    await otherWorkflow().rest.issues.createComment({ ...where, issue_number: issue.number, body: note.body });
    tracker.forget?.();
    expect(await tracker.hasNote(issue, note.noteKey)).toBe(false);
    expect(await tracker.notes(issue)).toEqual([]);
    // Written as the reconciler's login, it is no person's command either.
    expect(await tracker.comments(issue)).toEqual([]);
    expect(warnings.at(-1)).toMatch(/ignored .*#issuecomment-\d+: written as github-actions\[bot\] but not signed/);

    await tracker.comment(issue, note.body);
    expect(await tracker.hasNote(issue, note.noteKey)).toBe(true);
    expect(github.state.issues("acme", "infra")[1]?.comments.at(-1)?.body).toMatch(
      /drift-reconciler:sig:v1\.[0-9a-f]{64} -->\n$/,
    );
  });

  it("finds its own latest issue, open or closed, only when signed: a forged one is neither adopted nor reopened", async () => {
    const tracker = trackerFor();
    const issue = await tracker.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, opened), [
      "drift",
    ]);
    // Closed by the reconciler itself: the episode is over, with signing on as without.
    await tracker.close(issue);
    expect(await tracker.findOpen("shop", "dev")).toBeUndefined();

    // Closed by someone else: still the episode's.
    await tracker.reopen(issue);
    await mallory().rest.issues.update({ ...where, issue_number: issue.number, state: "closed" });
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({
      number: issue.number,
      closedBy: { login: "mallory" },
    });

    // A newer issue of the same login, unsigned, closed by someone else later: never the episode's.
    const forged = await otherWorkflow().rest.issues.create({
      ...where,
      title: "x",
      body: issueBody({ ...detected, fingerprint: "f0r9ed" }, opened),
      labels: ["drift"],
    });
    await mallory().rest.issues.update({ ...where, issue_number: forged.data.number, state: "closed" });
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({ number: issue.number, fingerprint: "abc123" });

    // The drift is still there: the reconciler's own issue is reopened, the forged one stays closed.
    await deliverEvent(tracker, detected, ["drift"]);
    const state = (n: number) => github.state.issues("acme", "infra").find((i) => i.number === n)?.state;
    expect(state(issue.number)).toBe("open");
    expect(state(forged.data.number)).toBe("closed");
    expect(github.state.issues("acme", "infra").find((i) => i.number === forged.data.number)?.comments).toEqual([]);
  });

  it("ignores a signed body whose text another workflow edited", async () => {
    const tracker = trackerFor();
    const issue = await tracker.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, opened), [
      "drift",
    ]);
    const stored = github.state.issues("acme", "infra")[0]?.body ?? "";
    await otherWorkflow().rest.issues.update({
      ...where,
      issue_number: issue.number,
      body: stored.replace("critical", "low"),
    });
    expect(await tracker.findOpen("shop", "dev")).toBeUndefined();
  });

  it("accepts what the previous key signed, and signs with the current one", async () => {
    const before = trackerFor(config({ signingKeyEnv: "OLD_KEY" }));
    const issue = await before.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, opened), [
      "drift",
    ]);
    expect(await trackerFor().findOpen("shop", "dev")).toBeUndefined();
    const rotated = trackerFor(config({ signingKeyPreviousEnv: "OLD_KEY" }));
    expect(await rotated.findOpen("shop", "dev")).toMatchObject({ number: issue.number });
    await rotated.updateBody(issue, issueBody(detected, opened));
    expect(await trackerFor().findOpen("shop", "dev")).toMatchObject({ number: issue.number });
  });

  it("is required for github-actions[bot] and for a configured author, naming the setting", async () => {
    const withoutKey = config({ signingKeyEnv: undefined });
    const tracker = trackerFor(withoutKey);
    await expect(tracker.findOpen("shop", "dev")).rejects.toThrow(
      /audit\.github\.signingKeyEnv: required because the token acts as github-actions\[bot\]/,
    );
    expect(() => trackerFor({ ...withoutKey, author: "github-actions[bot]" })).toThrow(
      /audit\.github\.signingKeyEnv: required because audit\.github\.author is set/,
    );
  });

  it("names the variable that is unset or too short, and redacts the keys", () => {
    expect(() => trackerFor(config(), { ...env, SIGNING_KEY: "" })).toThrow(
      /signingKeyEnv: variable SIGNING_KEY is not set/,
    );
    expect(() => trackerFor(config({ signingKeyPreviousEnv: "OLD_KEY" }), { ...env, OLD_KEY: "short" })).toThrow(
      /signingKeyPreviousEnv: variable OLD_KEY is too short/,
    );
    const secrets = configSecrets(
      { stacks: [], audit: { github: config({ signingKeyPreviousEnv: "OLD_KEY" }) } } as never,
      {
        SIGNING_KEY: key,
        OLD_KEY: previousKey,
      },
    );
    expect(secrets).toEqual(expect.arrayContaining([key, previousKey]));
  });

  it("stays off for a token of its own, and is on when a key is set", async () => {
    const own = config({ tokenEnv: "BOT_TOKEN", signingKeyEnv: undefined });
    const tracker = trackerFor(own);
    await tracker.create("shop", "dev", "Drift detected: shop/dev", issueBody(detected, opened), ["drift"]);
    expect(github.state.issues("acme", "infra")[0]?.body).not.toMatch(/drift-reconciler:sig:/);
    expect(await tracker.findOpen("shop", "dev")).toMatchObject({ number: 1 });
    // With a key, that unsigned issue no longer counts.
    expect(await trackerFor(config({ tokenEnv: "BOT_TOKEN" })).findOpen("shop", "dev")).toBeUndefined();
  });
});
