// Steering from the tracking issue, on the real engine with the GitHub API emulator over a
// socket: a writer's hold stops the heal (label, reaction, one answer) until it expires or the
// drift changes; a writer's /drift heal heals once what a guard blocked; a reader's command gets
// a reaction only and changes nothing; the reconciler's own comments never count; with GitHub
// down a hold still holds.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  addIngressRule,
  changeProperty,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";

const token = "ghp_steeringTestToken0123456789";
const env = { DRIFT_TEST_GITHUB_TOKEN: token };
const engine = fixtureLifecycle();
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ token, login: "drift-bot" });
});
afterAll(async () => github.close());
beforeEach(() => {
  github.reset();
  github.setRole("acme", "infra", "alice", "write");
  github.setRole("acme", "infra", "olga", "maintain");
  github.setRole("acme", "infra", "rita", "read");
});

/** prod on the emulator with this policy (written again when it changes). */
function configFor(f: DeployedFixture, policy: Record<string, unknown> = { mode: "heal" }): string {
  const audit = {
    dir: ".reconciler",
    github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" },
  };
  const path = join(f.dir, "reconciler-github.yaml");
  writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } }, { audit })));
  return path;
}

/** One cycle; `laterBy` runs it as if that much time had passed. */
function cycle(path: string, laterBy = 0) {
  const now = () => new Date(Date.now() + laterBy);
  return trailCycle(path, engine.cli(), { env, now, client: { retryBaseMs: 5, retries: 1 } });
}

const issue = () => {
  const [first] = github.state.issues("acme", "infra");
  if (!first) throw new Error("no issue");
  return first;
};
const answers = (heading: string) => issue().comments.filter((c) => c.body.startsWith(`### ${heading}`));
const say = (login: string, body: string) => github.comment("acme", "infra", issue().number, login, body);
const ssh = (f: DeployedFixture) => getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
const hour = 3_600_000;

describe("/drift hold", () => {
  it("from a writer stops the heal with a label, a +1 and one answer, until it expires", async () => {
    const f = await engine.deploy({ prod: {} });
    // Reported first: the grace period gives people time to read the issue.
    const path = configFor(f, { mode: "heal", healAfter: "1h" });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    expect((await cycle(path)).outcome.decision).toMatchObject({ guard: "grace-period" });
    const command = say("alice", "/drift hold 2h change window INC-9");

    const held = await cycle(path, 1.5 * hour);
    expect(held.outcome.decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
    expect(ssh(f)).toContainEqual(sshFromAnywhere);
    expect(issue().labels).toContain("drift:on-hold");
    const reacted = issue().comments.find((c) => c.id === command.id)?.reactions;
    expect(reacted).toEqual([{ content: "+1", user: "drift-bot" }]);
    expect(answers("On hold")).toHaveLength(1);
    expect(answers("On hold")[0]?.body).toMatch(
      /@alice put the heal of `drift-fixture\/prod` on hold until \S+Z \(2h\)/,
    );

    // Still held later on: answered once only.
    expect((await cycle(path, 1.6 * hour)).outcome.decision).toMatchObject({ guard: "on-hold" });
    expect(answers("On hold")).toHaveLength(1);

    const healed = await cycle(path, 2.5 * hour);
    expect(healed.outcome.outcome).toBe("healed");
    expect(ssh(f)).not.toContainEqual(sshFromAnywhere);
    expect(answers("Hold ended")[0]?.body).toMatch(/The hold @alice put expired at/);
    expect(issue().labels).not.toContain("drift:on-hold");
    expect(issue().state).toBe("closed");
  });

  it("ends when the drift changes from what the issue showed", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f, { mode: "detect" });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    await cycle(path);
    say("olga", "/drift hold 1d");
    configFor(f, { mode: "heal" });
    expect((await cycle(path)).outcome.decision).toMatchObject({ guard: "on-hold", heldBy: "olga" });

    changeProperty(f.cloudDir, "securitygroup", "prod-app-sg", "description", "edited by hand");
    const healed = await cycle(path);
    expect(healed.outcome.outcome).toBe("healed");
    expect(answers("Hold ended")[0]?.body).toMatch(/The drift changed since @olga put the hold/);
  });

  it("keeps holding while GitHub is down", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f, { mode: "detect" });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    await cycle(path);
    say("alice", "/drift hold 1d");
    configFor(f);
    expect((await cycle(path)).outcome.decision).toMatchObject({ guard: "on-hold" });

    github.inject({ down: true });
    const down = await cycle(path);
    expect(github.requestLog.some((r) => r.status === 503)).toBe(true);
    expect(down.outcome.decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
    expect(ssh(f)).toContainEqual(sshFromAnywhere);
  });
});

describe("/drift heal", () => {
  it("from a writer heals once what maxReplaces blocked; the same drift put back is blocked again", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    expect((await cycle(path)).outcome.decision).toMatchObject({ guard: "max-replaces" });
    const command = say("alice", "/drift heal");

    const healed = await cycle(path);
    expect(healed.outcome.outcome).toBe("healed");
    expect(healed.outcome.decision).toMatchObject({ action: "heal", approvedBy: "alice" });
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(false);
    expect(issue().comments.find((c) => c.id === command.id)?.reactions).toEqual([
      { content: "+1", user: "drift-bot" },
    ]);
    expect(answers("Heal approved")).toHaveLength(1);
    expect(answers("Healing started")[0]?.body).toMatch(
      /^### Healing started\n\nApproved by `alice`: `approved by alice:/,
    );

    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    const again = await cycle(path);
    expect(again.outcome.decision).toMatchObject({ action: "report", guard: "max-replaces" });
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(true);
  });

  it("from a reader, or from the reconciler's own account, changes nothing; the reader gets a reaction only", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await cycle(path);
    const command = say("rita", "/drift heal");
    say("drift-bot", "/drift heal");
    const stranger = say("mallory", "/drift heal --mass-deletion");

    for (const round of [1, 2]) {
      const { outcome } = await cycle(path);
      expect(outcome.decision, `round ${round}`).toMatchObject({ guard: "max-replaces" });
    }
    expect(getResource(f.cloudDir, "loadbalancer", "prod-alb")?.["internal"]).toBe(true);
    // No written reply to people whose commands do not count: a reaction each.
    expect(answers("Command not applied")).toEqual([]);
    expect(issue().comments.find((c) => c.id === command.id)?.reactions).toEqual([
      { content: "confused", user: "drift-bot" },
    ]);
    expect(issue().comments.find((c) => c.id === stranger.id)?.reactions).toEqual([
      { content: "confused", user: "drift-bot" },
    ]);
    const asked = github.requestLog.filter((r) => r.path.endsWith("/collaborators/rita/permission"));
    // Each comment is judged once: the second cycle starts from the first one's high-water mark.
    expect(asked).toHaveLength(1);
  });

  it("answers a malformed /drift command once with the list of commands", async () => {
    const f = await engine.deploy({ prod: {} });
    const path = configFor(f);
    changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await cycle(path);
    say("alice", "/drift approve please");
    await cycle(path);
    await cycle(path);
    expect(answers("Not a command")).toHaveLength(1);
    expect(answers("Not a command")[0]?.body).toContain("`/drift heal [fingerprint] --mass-deletion`");
  });
});
