// Notes another workflow cannot forge, on the real engine and the GitHub API emulator: a second
// token acting as the reconciler's own login (as every workflow's GITHUB_TOKEN does) writes a
// tracking issue for the stack and "Healed" notes that would trip the flapping breaker. Without
// signing they count; with signing on they are ignored and the drift is healed.
import { Octokit } from "@octokit/rest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { readTrailer } from "../../reconciler/core/marker-trailer.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";

const token = "ghp_signedNotesTestToken0123456789";
const env = { DRIFT_TEST_GITHUB_TOKEN: token, DRIFT_SIGNING_KEY: "5f".repeat(32) };
const engine = fixtureLifecycle();
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({
    token,
    login: "drift-bot",
    users: [{ token: "other-workflow-token", login: "drift-bot" }],
  });
});
afterAll(async () => github.close());
beforeEach(() => github.reset());

/** prod on the emulator; with `signed`, the shared login is configured and the key set. */
function configFor(f: DeployedFixture, mode: "detect" | "heal", signed: boolean): string {
  const shared = signed ? { author: "drift-bot", signingKeyEnv: "DRIFT_SIGNING_KEY" } : {};
  const github_ = { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN", ...shared };
  const path = join(f.dir, "reconciler-github.yaml");
  const audit = { dir: ".reconciler", github: github_ };
  writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy: { mode } } }, { audit })));
  return path;
}

const cycle = (path: string) => trailCycle(path, engine.cli(), { env, client: { retryBaseMs: 5, retries: 1 } });
const where = { owner: "acme", repo: "infra" };
const otherWorkflow = () => new Octokit({ auth: "other-workflow-token", baseUrl: github.url });
const ssh = (f: DeployedFixture) => getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];

/** Three "Healed" notes for the drift the issue shows, as the reconciler writes them, but unsigned. */
async function forgeHeals(issueNumber: number, fingerprint: string): Promise<void> {
  for (const attempt of [1, 2, 3]) {
    const body = `### Healed\n\nThe drift is gone.\n\n<!-- drift-reconciler:note:healed.${fingerprint}.${attempt} -->\n`;
    await otherWorkflow().rest.issues.createComment({ ...where, issue_number: issueNumber, body });
  }
}

/** Reported in detect mode, then the forged heals, then a cycle in heal mode. */
async function forgedThenHeal(signed: boolean) {
  const f = await engine.deploy({ prod: {} });
  addIngressRule(f.cloudDir, "prod-alb-sg");
  expect((await cycle(configFor(f, "detect", signed))).outcome.decision).toMatchObject({ guard: "detect-mode" });
  const ours = github.state.issues("acme", "infra").find((i) => i.author === "drift-bot" && i.comments.length > 0);
  const fingerprint = readTrailer(ours?.body ?? "")?.fingerprint;
  if (!ours || !fingerprint) throw new Error("no tracking issue with a fingerprint");
  await forgeHeals(ours.number, fingerprint);
  const healed = await cycle(configFor(f, "heal", signed));
  return { f, ours, healed };
}

describe("notes written as the reconciler's login by another workflow", { timeout: 240_000 }, () => {
  it("count without signing: three forged heals trip the flapping breaker", async () => {
    const { f, healed } = await forgedThenHeal(false);
    expect(healed.outcome.decision).toMatchObject({ action: "report", guard: "flapping" });
    expect(ssh(f)).toContainEqual(sshFromAnywhere);
  });

  it("are ignored with signing on, as is a forged tracking issue: the drift is healed on the reconciler's own issue", async () => {
    // A forged episode start, opened before the reconciler's own issue.
    const forged = await otherWorkflow().rest.issues.create({
      ...where,
      title: "Drift detected: drift-fixture/prod",
      body: "### Drift\n\n<!-- drift-reconciler:stack:drift-fixture/prod -->\n<!-- drift-reconciler:fingerprint:0000 -->\n",
      labels: ["drift"],
    });
    const { f, ours, healed } = await forgedThenHeal(true);
    expect(ours.number).not.toBe(forged.data.number);
    expect(healed.outcome.outcome).toBe("healed");
    expect(ssh(f)).not.toContainEqual(sshFromAnywhere);
    const [first, second] = github.state.issues("acme", "infra");
    expect(first).toMatchObject({ number: forged.data.number, state: "open", comments: [] });
    expect(second).toMatchObject({ number: ours.number, state: "closed" });
    const own = (second?.comments ?? []).filter((c) => /drift-reconciler:sig:v1\./.test(c.body));
    expect(own.map((c) => c.body.split("\n")[0])).toEqual(["### Needs attention", "### Healing started", "### Healed"]);
    expect(second?.body).toMatch(/drift-reconciler:sig:v1\.[0-9a-f]{64} -->\n$/);
  });
});
