// The reconciler remembers, on the real engine with the GitHub API emulator over a socket: the
// trail is written as things happen (the issue exists before the heal writes to the cloud),
// racing reconcilers leave one heal per round and no duplicated comment, and a drift that keeps
// coming back stops being healed, on one reopened issue.
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readTrailer } from "../../reconciler/core/marker-trailer.js";
import { recordPath } from "../../reconciler/demo/fixture-provider/cloud-store.js";
import { addIngressRule, changeProperty, getResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { trailCycle } from "../support/trail-cycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";

const token = "ghp_memoryTestToken0123456789";
const env = { DRIFT_TEST_GITHUB_TOKEN: token };
const engine = fixtureLifecycle();
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ token });
});
afterAll(async () => github.close());
beforeEach(() => github.reset());

/** A reconciler.yaml for prod on the emulator; `name` picks its own audit.dir (one per reconciler). */
function configFor(f: DeployedFixture, name: string, policy: Record<string, unknown>): string {
  const audit = {
    dir: `.reconciler-${name}`,
    github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" },
  };
  const path = join(f.dir, `reconciler-${name}.yaml`);
  writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } }, { audit })));
  return path;
}

const cycle = (configPath: string) =>
  trailCycle(configPath, engine.cli(), { env, client: { retryBaseMs: 5, retries: 2 } });

const issues = () => github.state.issues("acme", "infra");
const noteKeys = (comments: Array<{ body: string }>) => comments.map((c) => readTrailer(c.body)?.note);

describe("the trail written as things happen", () => {
  it("opens the issue before the heal writes to the cloud", async () => {
    const fixture = await engine.deploy({ prod: {} });
    const path = configFor(fixture, "a", { mode: "heal" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const sg = getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg");
    const written = () => statSync(recordPath(fixture.cloudDir, "securitygroup", String(sg?.id))).mtimeMs;
    const before = written();

    const { outcome } = await cycle(path);
    expect(outcome.outcome).toBe("healed");
    const healedAt = written();
    expect(healedAt).toBeGreaterThan(before);
    const opened = github.requestLog.find((r) => r.method === "POST" && r.path === "/repos/acme/infra/issues");
    expect(opened?.status).toBe(201);
    expect(Date.parse(opened?.at ?? "")).toBeLessThan(healedAt);
  });
});

describe("two reconcilers racing on one stack", () => {
  it("heal once per round for ten rounds, with no comment said twice in the episode", async () => {
    const fixture = await engine.deploy({ prod: {} });
    // The breaker would stop the heals after three: this test is about the race.
    const policy = { mode: "heal", flapping: { maxHeals: 100, window: "24h" } };
    const [a, b] = [configFor(fixture, "a", policy), configFor(fixture, "b", policy)];
    for (let round = 1; round <= 10; round++) {
      addIngressRule(fixture.cloudDir, "prod-alb-sg");
      const first = cycle(a);
      await new Promise((r) => setTimeout(r, 100));
      const results = await Promise.all([first, cycle(b)]);
      const heals = results.filter((r) => Object.keys(r.outcome.heal?.changes ?? {}).length > 0);
      expect(heals, `round ${round}`).toHaveLength(1);
      expect(results.map((r) => r.delivery.queued)).toEqual([0, 0]);
    }
    const ours = issues().filter((i) => readTrailer(i.body ?? "")?.stack === "drift-fixture/prod");
    expect(ours).toHaveLength(1);
    const comments = ours[0]?.comments ?? [];
    const keys = noteKeys(comments);
    const twice = comments.filter((c, i) => keys.indexOf(keys[i]) !== i).map((c) => c.body.split("\n")[0]);
    expect(twice).toEqual([]);
    const healed = (ours[0]?.comments ?? []).filter((c) => c.body.startsWith("### Healed"));
    const started = (ours[0]?.comments ?? []).filter((c) => c.body.startsWith("### Healing started"));
    expect([healed.length, started.length]).toEqual([10, 10]);
  });
});

describe("the flapping breaker", () => {
  it("stops healing the same drift after three heals, on one reopened issue, and heals a different drift", async () => {
    const fixture = await engine.deploy({ prod: {} });
    const path = configFor(fixture, "a", { mode: "heal" });
    const outcomes = [];
    for (let round = 1; round <= 4; round++) {
      addIngressRule(fixture.cloudDir, "prod-alb-sg");
      outcomes.push((await cycle(path)).outcome);
    }
    expect(outcomes.map((o) => o.outcome)).toEqual(["healed", "healed", "healed", "reported"]);
    expect(outcomes[3]?.decision).toMatchObject({ action: "report", guard: "flapping" });
    expect(issues()).toHaveLength(1);
    const [issue] = issues();
    expect(issue?.state).toBe("open");
    expect(issue?.labels).toEqual(expect.arrayContaining(["drift:flapping", "needs-attention"]));
    const flapping = issue?.comments.filter((c) => c.body.startsWith("### Drift keeps coming back"));
    expect(flapping).toHaveLength(1);
    expect(flapping?.[0]?.body).toMatch(/healed 3 times within 24h/);

    // The same drift again: still held, nothing new said.
    const comments = issue?.comments.length;
    expect((await cycle(path)).outcome.decision).toMatchObject({ guard: "flapping" });
    expect(issues()[0]?.comments.length).toBe(comments);

    // A different drift (on top): its fingerprint has no heals, so it heals.
    changeProperty(fixture.cloudDir, "securitygroup", "prod-alb-sg", "tags", { Owner: "eve" });
    expect((await cycle(path)).outcome.outcome).toBe("healed");
  });
});
