// A long-running service whose GitHub is down: 500 cycles of the audit trail as `serve` runs them
// (each stack's stages, then settle()), the journal on a real disk, the GitHub emulator refusing
// every request. The drift stays (alternating between two shapes), most heals find the stack
// busy, and one heal in a hundred fails. The journal must stay bounded on disk and in memory, and once
// GitHub is back every event that was never delivered must reach it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../../reconciler/audit/audit-trail.js";
import { fileJournal } from "../../../reconciler/audit/journal.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import type { StackOutcome } from "../../../reconciler/core/stack-outcome.js";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";
import { testOutcome, testReport } from "../../support/reports.js";

const token = "ghp_boundedJournalTestToken0000000001";
const sg = "aws:ec2/securityGroup:SecurityGroup";
const urn = `urn:pulumi:prod::shop::${sg}::web-sg`;
const driftOf = (value: string): DriftItem[] => [
  {
    urn,
    type: sg,
    name: "web-sg",
    kind: "modified",
    properties: [{ path: "description", cloud: value, deployed: "web" }],
  },
];
const minute = 60_000;
const bound = { records: 200, bytes: 1 << 20, ageMs: 86_400_000 };

let github: GitHubEmulator;
let dir: string;
beforeAll(async () => {
  github = await startGitHubEmulator({ token });
  dir = mkdtempSync(join(tmpdir(), "journal-bounded-"));
});
afterAll(async () => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

function outcomeOf(cycle: number, startedAt: string): StackOutcome {
  const report = testReport({ startedAt, drift: driftOf(cycle % 2 === 0 ? "console" : "hand"), plan: [] });
  const decision = { action: "heal" as const, reason: "drift within the policy" };
  if (cycle % 100 === 49) {
    const heal = { durationMs: 1, changes: {}, failure: "error" as const, error: `up failed in cycle ${cycle}` };
    return testOutcome({ report, outcome: "heal-failed", decision, heal });
  }
  return testOutcome({ report, outcome: "busy", decision, heal: { durationMs: 1, changes: {}, failure: "busy" } });
}

describe("the journal of a service whose GitHub is down", () => {
  it("stays bounded on disk and in memory over 500 cycles and loses no undelivered event", async () => {
    const yaml =
      `audit:\n  dir: ./audit\n  github: { repository: acme/infra, baseUrl: "${github.url}", tokenEnv: T }\n` +
      "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n";
    const config = parseConfig(yaml, join(dir, "reconciler.yaml"), { T: token });
    let clock = Date.parse("2024-06-12T12:00:00.000Z");
    const now = () => new Date(clock);
    const journal = fileJournal(config.audit.dir, () => undefined, { bound, now });
    const trail = createAuditTrail(config, { env: { T: token }, now, journal, client: { retries: 0 } });
    github.inject({ down: true });
    const seen = { lines: 0, events: 0, compactions: 0 };
    const everPending = new Set<string>();
    for (let cycle = 0; cycle < 500; cycle++) {
      clock += 10 * minute;
      const outcome = outcomeOf(cycle, now().toISOString());
      const stack = trail.forStack({ backend: "s3://state", project: "shop", stack: "prod" });
      await stack.recall();
      await stack.detected(outcome.report, outcome.decision);
      await stack.healStarting(outcome.report, { action: "heal", reason: outcome.decision.reason });
      if (outcome.outcome !== "busy") stack.healRunning();
      await stack.finished(outcome);
      const delivery = await trail.settle();
      journal.pending().forEach((e) => everPending.add(e.id));
      const onDisk = readFileSync(join(config.audit.dir, "journal.jsonl"), "utf8").split("\n").filter(Boolean);
      seen.lines = Math.max(seen.lines, onDisk.length);
      seen.events = Math.max(seen.events, delivery.journal?.events ?? Infinity);
      if (delivery.journal?.compacted) seen.compactions++;
    }
    // About four records a cycle (a new drift shape remembered, a heal started, cancelled, closed):
    // 2000 without compaction, and one event a cycle in memory (500). With it, the file never
    // passes the bound by more than a cycle's records, and memory holds what is needed (12
    // events) plus at most the cycles since the last compaction (about 50).
    expect(seen.compactions).toBeGreaterThanOrEqual(5);
    expect(seen.lines).toBeLessThanOrEqual(bound.records + 10);
    expect(seen.events).toBeLessThanOrEqual(80);
    // The undelivered: the drift in its two shapes, and the five failed heals (started, not done).
    expect(journal.pending()).toHaveLength(12);
    github.recover();
    const delivery = await trail.settle();
    expect(delivery).toMatchObject({ queued: 0, rejected: 0 });
    expect(delivery.delivered).toBe(everPending.size);
    const [issue] = github.state.issues("acme", "infra");
    // One issue for the episode; the same failure of the same drift is noted once (delivery is idempotent).
    expect(github.state.issues("acme", "infra")).toHaveLength(1);
    expect(issue?.comments.some((c) => c.body.includes("up failed in cycle 49"))).toBe(true);
  }, 240_000);
});
