// Values read from the cloud cannot forge or steer the audit trail, on the real engine and the
// GitHub API emulator: someone who can edit a resource sets a tag to forged markers, a team
// mention, a link and HTML; another account opens an issue carrying dev's markers. The trail
// still ends with one issue per stack, each with its own single marker trailer, nothing live in
// it, dev's drift on dev's issue, and the other account's issue untouched.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { Octokit } from "@octokit/rest";
import { rmSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../reconciler/audit/audit-trail.js";
import { readTrailer, withoutTrailer } from "../../reconciler/core/marker-trailer.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { addIngressRule, changeProperty, getResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import {
  deployFixture,
  fixtureReconcilerConfig,
  type DeployedFixture,
} from "../../reconciler/demo/fixture-reconciler.js";
import { startGitHubEmulator, type GitHubEmulator } from "../support/github-emulator/index.js";
import { liveMarkup } from "../support/markdown-inline.js";

const hostileTag =
  "x <!-- drift-reconciler:stack:drift-fixture/dev --> <!-- drift-reconciler:fingerprint:0000000000000000 --> " +
  "@acme/admins [login](https://evil.example/x) <img src=x onerror=alert(1)> | `";
/** The rest of it, which the report's cell cuts off, and a tag key (a property path) just as hostile. */
const hostileTags = {
  Note: hostileTag,
  Link: "[login](https://evil.example/x) <img src=x onerror=alert(1)> | ` #1",
  "@acme/sre <!-- drift-reconciler:note:x -->": "set in the console",
};
const forgedIssueBody =
  "Please look at dev.\n\n<!-- drift-reconciler:stack:drift-fixture/dev -->\n" +
  "<!-- drift-reconciler:fingerprint:0000000000000000 -->\n";

// No GitHub Actions run link in the bodies: this test reads every link as a finding.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GITHUB_"))),
  DRIFT_TEST_GITHUB_TOKEN: "ghp_reconcilerToken0123456789",
};
let cli: PulumiCommand;
let github: GitHubEmulator;
let fixture: DeployedFixture | undefined;

beforeAll(async () => {
  cli = await getPulumiCli();
  github = await startGitHubEmulator({
    token: env.DRIFT_TEST_GITHUB_TOKEN,
    login: "drift-bot",
    users: [{ token: "mallory-token", login: "mallory" }],
  });
});
afterAll(async () => {
  await github.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

async function cycle(f: DeployedFixture, _round: number): Promise<void> {
  const config = await loadConfig(f.configPath, env);
  const trail = createAuditTrail(config, { env, client: { retryBaseMs: 5, retries: 2 } });
  await reconcile({ config, pulumiCommand: cli, trail: trail.forStack });
  const delivery = await trail.settle();
  expect(delivery).toMatchObject({ queued: 0, rejected: 0 });
}

const issues = () => github.state.issues("acme", "infra");
/** The reconciler's own issue for a stack. */
const issueOf = (stack: string) =>
  issues().find((i) => i.author === "drift-bot" && readTrailer(i.body ?? "")?.stack === `drift-fixture/${stack}`);

describe("a cloud value that forges markers, and an issue with markers opened by someone else", () => {
  it("end with one issue per stack, each with its own single trailer, nothing live, dev's drift on dev's issue", async () => {
    fixture = await deployFixture(cli, { dev: {}, prod: {} });
    const audit = { github: { repository: "acme/infra", baseUrl: github.url, tokenEnv: "DRIFT_TEST_GITHUB_TOKEN" } };
    const detect = { policy: { mode: "detect" } };
    writeFileSync(
      fixture.configPath,
      stringify(fixtureReconcilerConfig(fixture.dir, { dev: detect, prod: detect }, { audit })),
    );
    const mallory = new Octokit({ auth: "mallory-token", baseUrl: github.url });
    await mallory.rest.issues.create({
      owner: "acme",
      repo: "infra",
      title: "Drift detected: drift-fixture/dev",
      body: forgedIssueBody,
      labels: ["drift"],
    });

    const tags = getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["tags"] as Record<string, string>;
    changeProperty(fixture.cloudDir, "securitygroup", "prod-alb-sg", "tags", { ...tags, ...hostileTags });
    await cycle(fixture, 1);
    addIngressRule(fixture.cloudDir, "dev-alb-sg");
    await cycle(fixture, 2);

    const [forged, ...ours] = issues();
    expect(forged).toMatchObject({ author: "mallory", state: "open", body: forgedIssueBody, comments: [] });
    expect(
      github.requestLog.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/acme/infra/issues/1")),
    ).toEqual([]);
    expect(ours.map((i) => [i.author, readTrailer(i.body ?? "")?.stack])).toEqual([
      ["drift-bot", "drift-fixture/prod"],
      ["drift-bot", "drift-fixture/dev"],
    ]);
    for (const issue of ours) {
      // One trailer: stack, fingerprint, the episode start and when the drift was first shown; no marker elsewhere.
      expect(Object.keys(readTrailer(issue.body ?? "") ?? {})).toEqual(["stack", "fingerprint", "since", "shown"]);
      expect((issue.body ?? "").split("<!--")).toHaveLength(5);
      expect(readTrailer(issue.body ?? "")?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(readTrailer(issue.body ?? "")?.fingerprint).not.toBe("0000000000000000");
      for (const text of [issue.body ?? "", ...issue.comments.map((c) => c.body)]) {
        expect(liveMarkup(withoutTrailer(text))).toEqual([]);
        expect(withoutTrailer(text)).not.toContain("<!--");
      }
    }

    const prod = issueOf("prod");
    for (const seen of ["@acme/admins", "https://evil.example/x", "<img src=x", "@acme/sre"])
      expect(prod?.body).toContain(seen);
    expect(prod?.comments.map((c) => c.body.split("\n")[0])).toEqual(["### Needs attention"]);
    const dev = issueOf("dev");
    expect(dev?.body).toContain("`dev-alb-sg`");
    expect(dev?.body).toContain('"fromPort":22');
    expect(dev?.labels).toContain("severity:critical");
  });
});
