// Everything the audit trail writes is redacted: issue bodies and comments on GitHub, the
// local trail, and the journal of events GitHub did not take. The outcome given here is not
// redacted yet (the engine redacts its own; the trail must not rely on it).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../../reconciler/audit/audit-trail.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";
import { leakedSamples, outcomeCarryingSamples, sampleEnv, sampleStackSettings } from "../../support/secret-samples.js";
import { tellStages } from "../../support/told-stages.js";

const token = "ghp_auditTrailTokenThatMustNeverLeak01";
const env = { ...sampleEnv, DRIFT_GITHUB_TOKEN: token };
let github: GitHubEmulator;
let dir: string;

function configFor(withGitHub: boolean) {
  const audit = withGitHub
    ? `audit:\n  dir: ./audit\n  github: { repository: acme/infra, baseUrl: "${github.url}", tokenEnv: DRIFT_GITHUB_TOKEN }\n`
    : "audit:\n  dir: ./audit\n";
  const stack =
    "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n" +
    "    passEnv: [{ from: DRIFT_SAMPLE_PASSPHRASE, to: DRIFT_SAMPLE_SECRET }]\n" +
    `    secretsProvider: ${sampleStackSettings.secretsProvider}\n`;
  return parseConfig(audit + stack, join(dir, "reconciler.yaml"), env);
}

const filesIn = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder)
        .map((f) => readFileSync(join(folder, f), "utf8"))
        .join("\n")
    : "";

beforeAll(async () => {
  github = await startGitHubEmulator({ token });
});
afterAll(() => github.close());
afterEach(() => {
  github.reset();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-trail-"));
});

describe("the audit trail's outputs", () => {
  it("open an issue and comment on it on GitHub without any secret sample in the body or comments", async () => {
    const trail = createAuditTrail(configFor(true), { env, client: { retries: 0 } });
    const delivery = await tellStages(trail, outcomeCarryingSamples());
    expect(delivery).toMatchObject({ delivered: 3, queued: 0 });
    const [issue] = github.state.issues("acme", "infra");
    const written = [issue?.title, issue?.body, ...(issue?.comments.map((c) => c.body) ?? [])].join("\n");
    expect(written).toContain("[redacted]");
    expect(leakedSamples(written)).toEqual([]);
    // Octokit's throttling spaces writes a second apart.
  }, 15_000);

  it("keep the events GitHub did not take in the journal without any secret sample", async () => {
    github.inject({ down: true });
    const trail = createAuditTrail(configFor(true), { env, client: { retries: 0 } });
    const delivery = await tellStages(trail, outcomeCarryingSamples());
    expect(delivery.queued).toBe(3);
    const outbox = filesIn(join(dir, "audit"));
    expect(outbox).toContain("heal-started");
    expect(leakedSamples(outbox)).toEqual([]);
    expect(outbox).not.toContain(token);
  });

  it("write the local trail (issues.json, audit.jsonl, audit.md) without any secret sample", async () => {
    const trail = createAuditTrail(configFor(false), { env });
    await tellStages(trail, outcomeCarryingSamples());
    const local = filesIn(join(dir, "audit"));
    expect(local).toContain("Heal failed");
    expect(leakedSamples(local)).toEqual([]);
  });
});
