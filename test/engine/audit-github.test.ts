// The audit trail on GitHub issues, on the real engine and the GitHub API emulator over
// a real socket: the SSH-rule story end to end, no duplicates, retries, rate limits,
// an outage bridged by the journal, and no token or secret anywhere it should not be.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../reconciler/audit/audit-trail.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { addIngressRule, changeProperty } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import {
  deployFixture,
  fixtureReconcilerConfig,
  type DeployedFixture,
} from "../../reconciler/demo/fixture-reconciler.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";
import { runCli } from "../support/run-cli.js";

const token = "ghp_emulatorTokenThatMustNeverLeak0123";
const env = { ...process.env, DRIFT_TEST_GITHUB_TOKEN: token };
let cli: PulumiCommand;
let github: GitHubEmulator;
let fixture: DeployedFixture | undefined;

beforeAll(async () => {
  cli = await getPulumiCli();
  github = await startGitHubEmulator({ token });
});
afterAll(async () => github.close());
beforeEach(() => github.reset());
afterEach(() => {
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  fixture = undefined;
});

function useGitHub(f: DeployedFixture, policy: Record<string, unknown> = { mode: "heal" }): void {
  const audit = { github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" } };
  writeFileSync(f.configPath, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } }, { audit })));
}

/** One scheduled cycle: reconcile, then record the audit trail. */
async function cycle(f: DeployedFixture, _round: number) {
  const config = await loadConfig(f.configPath, env);
  const trail = createAuditTrail(config, { env, client: { retryBaseMs: 5, retries: 2 } });
  const outcomes = await reconcile({ config, pulumiCommand: cli, trail: trail.forStack });
  const delivery = await trail.settle();
  return { outcome: outcomes[0], delivery };
}

const issues = () => github.state.issues("acme", "infra");
const writes = () => github.requestLog.filter((r) => r.method !== "GET" && r.status < 300);

describe("the drift episode on GitHub", () => {
  it("opens an issue, comments that healing started and that it healed, and closes it as completed", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture);
    addIngressRule(fixture.cloudDir, "prod-alb-sg");

    const { outcome, delivery } = await cycle(fixture, 1);
    expect(outcome?.outcome).toBe("healed");
    expect(delivery).toMatchObject({ delivered: 3, queued: 0, rejected: 0 });
    expect(delivery.issues?.["drift-fixture/prod"]?.url).toMatch(/\/acme\/infra\/issues\/1$/);
    const [issue, ...others] = issues();
    expect(others).toEqual([]);
    expect(issue?.title).toBe("Drift detected: drift-fixture/prod");
    expect(issue?.labels).toEqual(["drift", "stack:prod", "severity:critical"]);
    expect(issue?.body).toContain("`prod-alb-sg`");
    expect(issue?.body).toContain("`ingress[2]`");
    expect(issue?.body).toContain('"fromPort":22');
    expect(issue?.comments.map((c) => c.body.split("\n")[0])).toEqual(["### Healing started", "### Healed"]);
    expect(issue).toMatchObject({ state: "closed", stateReason: "completed" });

    const next = await cycle(fixture, 2);
    expect(next.outcome?.outcome).toBe("in-sync");
    expect(issues()).toHaveLength(1);
  });

  it("keeps one issue through three cycles of unchanged drift with healing off, commenting once per real change", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    await cycle(fixture, 1);
    await cycle(fixture, 2);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.comments).toHaveLength(1);
    expect(issues()[0]?.labels).toContain("needs-attention");

    addIngressRule(fixture.cloudDir, "prod-alb-sg", {
      protocol: "tcp",
      fromPort: 3389,
      toPort: 3389,
      cidrBlocks: ["0.0.0.0/0"],
    });
    await cycle(fixture, 3);
    const [issue, ...others] = issues();
    expect(others).toEqual([]);
    expect(issue?.state).toBe("open");
    expect(issue?.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "### Needs attention",
      "### Drift changed (severity critical)",
    ]);
    expect(issue?.body).toContain('"fromPort":3389');
  });

  it("closes the issue when the drift is reverted by hand, without a heal", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    await cycle(fixture, 1);
    const sg = JSON.parse(
      readFileSync(
        join(
          fixture.cloudDir,
          "securitygroup",
          readdirSync(join(fixture.cloudDir, "securitygroup")).find((f) =>
            readFileSync(join(fixture!.cloudDir, "securitygroup", f), "utf8").includes("prod-alb-sg"),
          ) ?? "",
        ),
        "utf8",
      ),
    ) as { ingress: unknown[] };
    changeProperty(fixture.cloudDir, "securitygroup", "prod-alb-sg", "ingress", sg.ingress.slice(0, -1));
    await cycle(fixture, 2);
    expect(issues()[0]).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(issues()[0]?.comments.at(-1)?.body).toMatch(/Drift gone without a heal/);
  });
});

describe("when GitHub misbehaves", () => {
  it("retries two 502s and still opens exactly one issue", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    github.inject({ status: 502, times: 2, match: { method: "POST", pathPattern: /\/issues$/ } });
    const { delivery } = await cycle(fixture, 1);
    expect(delivery.queued).toBe(0);
    expect(issues()).toHaveLength(1);
    expect(
      github.requestLog
        .filter((r) => r.method === "POST" && r.path === "/repos/acme/infra/issues")
        .map((r) => r.status),
    ).toEqual([502, 502, 201]);
  });

  it("waits out a 403 rate limit until its reset, then opens one issue", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    github.inject({
      status: 403,
      rateLimit: { resetInSeconds: 2 },
      match: { method: "POST", pathPattern: /\/issues$/ },
    });
    const started = Date.now();
    const { delivery } = await cycle(fixture, 1);
    const posts = github.requestLog.filter((r) => r.method === "POST" && r.path === "/repos/acme/infra/issues");
    expect(posts.map((r) => r.status)).toEqual([403, 201]);
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(delivery.queued).toBe(0);
    expect(issues()).toHaveLength(1);
  });

  it("heals while GitHub is down, queues the audit events, and delivers them once, in order, on the next cycle", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture);
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    github.inject({ down: true });
    const first = await cycle(fixture, 1);
    expect(first.outcome?.outcome).toBe("healed");
    expect(first.delivery).toMatchObject({ delivered: 0, queued: 3 });
    expect(first.delivery.error).toMatch(/503/);
    expect(issues()).toEqual([]);

    github.recover();
    const second = await cycle(fixture, 2);
    expect(second.outcome?.outcome).toBe("in-sync");
    // The three journaled events, in order; an in-sync stack with no open episode adds none.
    expect(second.delivery).toMatchObject({ delivered: 3, queued: 0, rejected: 0 });
    const [issue, ...others] = issues();
    expect(others).toEqual([]);
    expect(issue?.comments.map((c) => c.body.split("\n")[0])).toEqual(["### Healing started", "### Healed"]);
    expect(issue?.state).toBe("closed");

    const writesBefore = writes().length;
    const third = await cycle(fixture, 3);
    expect(third.delivery).toMatchObject({ delivered: 0, queued: 0, rejected: 0 });
    expect(writes().length).toBe(writesBefore);
  });
});

describe("what must never show", () => {
  it("keeps the token out of the CLI's output and files, even when GitHub rejects it", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const badToken = "ghp_wrongTokenThatMustNeverLeak98765";
    const result = await runCli(["reconcile", "--config", fixture.configPath], {
      ...process.env,
      DRIFT_TEST_GITHUB_TOKEN: badToken,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/queued in the journal/);
    expect(result.stderr).toMatch(/401/);
    const journal = readFileSync(join(fixture.dir, ".reconciler", "journal.jsonl"), "utf8");
    for (const text of [result.stdout, result.stderr, journal]) expect(text).not.toContain(badToken);
  });

  it("never puts a drifted secret's value in an issue body or comment", async () => {
    fixture = await deployFixture(cli, { prod: {} });
    useGitHub(fixture, { mode: "detect" });
    const leaked = "s3cr3t-typed-into-the-console";
    changeProperty(fixture.cloudDir, "secret", "prod-db-credentials", "value", leaked);
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    await cycle(fixture, 1);
    const [issue] = issues();
    expect(issue?.body).toContain("`prod-db-credentials`");
    const everything = JSON.stringify(issues()) + JSON.stringify(github.requestLog);
    expect(everything).toContain("[secret]");
    expect(everything).not.toContain(leaked);
    expect(everything).not.toContain("fixture-prod-password");
  });
});
