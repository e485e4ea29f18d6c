// The drift dashboard from the real CLI and engine, with the GitHub API emulator over a socket:
// two shards reconciling at the same time write one dashboard with both their stacks; a cycle
// with nothing changed writes nothing; a drift, a hold and a stuck stack move to their groups.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTrailer } from "../../reconciler/core/marker-trailer.js";
import { ownsStack } from "../../reconciler/core/shard.js";
import { addIngressRule } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";
import { runCli } from "../support/run-cli.js";

const token = "ghp_dashboardTestToken0123456789";
const engine = fixtureLifecycle();
let github: GitHubEmulator;

beforeAll(async () => {
  github = await startGitHubEmulator({ token, login: "drift-bot" });
  github.setRole("acme", "infra", "alice", "write");
});
afterAll(async () => github.close());

// dev and prod fall into different shards of three (and the same one of two).
const shards = ["1/3", "2/3"];
const project = "drift-fixture";

/** One cycle of both shards at the same time, through the CLI as a CronJob or an Actions matrix runs it. */
async function bothShards(configPath: string) {
  const env = { ...process.env, DRIFT_TEST_GITHUB_TOKEN: token };
  const runs = await Promise.all(shards.map((s) => runCli(["reconcile", "--config", configPath, "--shard", s], env)));
  for (const run of runs) expect(run.stderr).toMatch(/^dashboard: issue #\d+: /m);
  return runs;
}

const dashboard = () => {
  const open = github.state
    .issues("acme", "infra")
    .filter((i) => i.labels.includes("drift-dashboard") && i.state === "open");
  expect(open).toHaveLength(1);
  return open[0]!;
};
const sections = () =>
  dashboard()
    .comments.filter((c) => readTrailer(c.body)?.note?.startsWith("dashboard.shard."))
    .map((c) => c.body)
    .join("\n");
/** The group heading a stack's line sits under. */
function groupOf(stack: string): string | undefined {
  let group: string | undefined;
  for (const line of sections().split("\n")) {
    group = /^#### (.+) \(\d+\)$/.exec(line)?.[1] ?? group;
    if (line.includes(`\`${project}/${stack}\``)) return group;
  }
  return undefined;
}
const writes = () => github.requestLog.filter((r) => r.method !== "GET");

describe("the drift dashboard on the real engine", () => {
  it("is written once by two shards, left alone when nothing changed, and moves drifted, held and stuck stacks", async () => {
    expect(ownsStack({ index: 1, count: 3 }, "dev") && ownsStack({ index: 2, count: 3 }, "prod")).toBe(true);
    const f = await engine.deploy({ dev: {}, prod: {} });
    const audit = {
      dir: ".reconciler",
      github: {
        repository: "acme/infra",
        baseUrl: github.url,
        tokenEnv: "DRIFT_TEST_GITHUB_TOKEN",
        dashboard: { staleAfter: "24h" },
      },
    };
    // prod only reports; dev heals, so that its heal meets the lock below.
    const specs = { dev: { policy: { mode: "heal" } }, prod: { policy: { mode: "detect" } } };
    const path = join(f.dir, "reconciler-github.yaml");
    writeFileSync(path, stringify(fixtureReconcilerConfig(f.dir, specs, { audit })));

    await bothShards(path);
    expect(dashboard().comments).toHaveLength(2);
    expect([groupOf("dev"), groupOf("prod")]).toEqual(["In sync", "In sync"]);

    github.requestLog.length = 0;
    const again = await bothShards(path);
    expect(writes()).toEqual([]);
    for (const run of again) expect(run.stderr).toMatch(/^dashboard: issue #\d+: unchanged, nothing written$/m);

    // prod drifts; dev drifts too, and its heal meets a lock another update left an hour ago
    // (stale after 30m: stuck).
    addIngressRule(f.cloudDir, "prod-alb-sg");
    addIngressRule(f.cloudDir, "dev-alb-sg");
    const locks = join(f.dir, "state-dev", ".pulumi", "locks", "organization", project, "dev");
    mkdirSync(locks, { recursive: true });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const holder = { pid: 4242, username: "ops", hostname: `${hostname()}-other`, timestamp: since };
    writeFileSync(join(locks, `${randomUUID()}.json`), JSON.stringify(holder));
    await bothShards(path);
    expect([groupOf("dev"), groupOf("prod")]).toEqual(["Stuck", "Drifted"]);
    expect(sections()).toMatch(/`drift-fixture\/prod` \| drifted \| reported \| .* \| 1 · critical \| #\d+ \|/);

    const tracking = github.state
      .issues("acme", "infra")
      .find((i) => readTrailer(i.body ?? "")?.stack === `${project}/prod`);
    github.comment("acme", "infra", tracking!.number, "alice", "/drift hold 2h change window");
    await bothShards(path);
    expect(groupOf("prod")).toBe("Held");
    expect(sections()).toMatch(/held by `alice` until `\d{4}-\d\d-\d\d \d\d:\d\d UTC`/);
    expect(dashboard().body).toMatch(/\| Shard 2 of 3 \| 1 \| 1 \| .* · reporting \|/);
    expect(dashboard().body).toContain("| Shard 1 of 3 | — | — | no report yet |");
  });
});
