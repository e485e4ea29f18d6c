// A hold lives with the stack's episode, not with its issue's state or labels, on the real engine
// with the GitHub API emulator, every cycle started with an empty audit.dir as a CronJob would:
// someone with the triage role closes the held issue and strips its labels through the API; the
// next cycles still hold, reopen the issue once with a comment naming who closed it, and put
// the reconciler's labels back.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";

const token = "ghp_episodeTestToken0123456789";
const triageToken = "ghp_episodeTriageToken012345678";
const env = { DRIFT_TEST_GITHUB_TOKEN: token };
const engine = fixtureLifecycle();
const hour = 3_600_000;
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ token, login: "drift-bot", users: [{ token: triageToken, login: "tara" }] });
});
afterAll(async () => github.close());
beforeEach(() => {
  github.reset();
  github.setRole("acme", "infra", "alice", "write");
  github.setRole("acme", "infra", "tara", "triage");
});

function configFor(f: DeployedFixture): string {
  const audit = {
    dir: ".reconciler",
    github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" },
  };
  const path = join(f.dir, "reconciler-github.yaml");
  const policy = { mode: "heal", healAfter: "1h" };
  writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } }, { audit })));
  return path;
}

/** One cycle on a fresh runner (audit.dir emptied first), as if `laterBy` had passed. */
function freshCycle(f: DeployedFixture, path: string, laterBy = 0) {
  rmSync(join(f.dir, ".reconciler"), { recursive: true, force: true });
  const now = () => new Date(Date.now() + laterBy);
  return trailCycle(path, engine.cli(), { env, now, client: { retryBaseMs: 5, retries: 1 } });
}

const issue = () => {
  const [first, ...more] = github.state.issues("acme", "infra");
  if (!first || more.length > 0) throw new Error(`expected one issue, found ${more.length + (first ? 1 : 0)}`);
  return first;
};
const headed = (heading: string) => issue().comments.filter((c) => c.body.startsWith(`### ${heading}`));
const ssh = (f: DeployedFixture) => getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];

/** A request as the triage user, through the API like the web UI. */
async function asTriage(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${triageToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

describe("a hold and the issue's state", () => {
  it("survives a triage user closing the issue and removing its labels: reopened once, labels back, not healed", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    addIngressRule(f.cloudDir, "prod-alb-sg");
    expect((await freshCycle(f, path)).outcome.decision).toMatchObject({ guard: "grace-period" });
    github.comment("acme", "infra", issue().number, "alice", "/drift hold 1d change window");
    expect((await freshCycle(f, path, 0.1 * hour)).outcome.decision).toMatchObject({ guard: "on-hold" });
    const labels = issue().labels;
    expect(labels).toEqual(expect.arrayContaining(["drift", "stack:prod", "drift:on-hold"]));

    const number = issue().number;
    await asTriage("PATCH", `/repos/acme/infra/issues/${number}`, { state: "closed", state_reason: "not_planned" });
    for (const label of labels) {
      await asTriage("DELETE", `/repos/acme/infra/issues/${number}/labels/${encodeURIComponent(label)}`);
    }
    expect(issue()).toMatchObject({ state: "closed", labels: [] });

    // Past the grace period: only the hold stops the heal now.
    for (const round of [1, 2, 3]) {
      const { outcome } = await freshCycle(f, path, (1.5 + round / 10) * hour);
      expect(outcome.decision, `round ${round}`).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
      expect(ssh(f), `round ${round}`).toContainEqual(sshFromAnywhere);
    }
    expect(issue().state).toBe("open");
    // The labels the reconciler owns; needs-attention (from the grace period) is left to people.
    expect(issue().labels.sort()).toEqual(["drift", "drift:on-hold", "severity:critical", "stack:prod"]);
    const reopened = headed("Reopened: the drift is still present");
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.body).toMatch(/@tara closed this issue at \S+Z, but the drift it tracks is still present/);
    expect(reopened[0]?.body).toContain("The hold stands.");
    expect(headed("On hold")).toHaveLength(1);
  });

  it("closed by a triage user after the reconciler healed it stays closed", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    addIngressRule(f.cloudDir, "prod-alb-sg");
    await freshCycle(f, path);
    expect((await freshCycle(f, path, 1.5 * hour)).outcome.outcome).toBe("healed");
    expect(issue().state).toBe("closed");
    await asTriage("DELETE", `/repos/acme/infra/issues/${issue().number}/labels/drift`);

    await freshCycle(f, path, 1.6 * hour);
    expect(issue().state).toBe("closed");
    expect(headed("Reopened: the drift is still present")).toEqual([]);
  });
});
