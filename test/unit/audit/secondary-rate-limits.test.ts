// 50 stacks drift at once and are healed, with the GitHub emulator enforcing its secondary rate
// limits scaled down (8 content-creating requests in any second, 40 in any 5 s). Every stack's heal
// goes on within the delivery budget, every issue is opened exactly once and closed, no write
// beyond a limit succeeds, and the trail catches up. A refusal asking for a longer wait than the client allows leaves the
// events in the journal, and a later settle delivers them, once. The numbers are written to
// the test's output for the bench results.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../../reconciler/audit/audit-trail.js";
import type { GitHubClientOptions } from "../../../reconciler/audit/github-client.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { startGitHubEmulator, type GitHubEmulator, type LoggedRequest } from "../../support/github-emulator/index.js";
import { testOutcome, testReport } from "../../support/reports.js";

const token = "ghp_secondaryLimitsTestToken000000001";
const limits = { perMinute: { count: 8, windowMs: 1_000 }, perHour: { count: 40, windowMs: 5_000 } };
const budgetMs = 200;
const stacks = Array.from({ length: 50 }, (_, i) => `app-${String(i).padStart(2, "0")}`);

let github: GitHubEmulator;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "secondary-limits-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => github.close());

async function trailUnder(secondaryLimits: typeof limits, client: GitHubClientOptions) {
  github = await startGitHubEmulator({ token, secondaryLimits });
  const yaml =
    `audit:\n  dir: ./audit-${Date.now()}\n  github: { repository: acme/infra, baseUrl: "${github.url}", tokenEnv: T }\n` +
    "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n";
  const config = parseConfig(yaml, join(dir, "reconciler.yaml"), { T: token });
  return createAuditTrail(config, { env: { T: token }, deliveryBudgetMs: budgetMs, client: { retries: 0, ...client } });
}

const driftOf = (stack: string): DriftItem[] => [
  { urn: `urn:pulumi:${stack}::shop::t:sg::web`, type: "t:sg", name: "web", kind: "modified", properties: [] },
];

/** One stack's cycle as the engine tells it; resolves with how long the heal was held before `up`. */
async function healOne(trail: ReturnType<typeof createAuditTrail>, stack: string): Promise<number> {
  const report = testReport({ stack, drift: driftOf(stack), plan: [] });
  const decision = { action: "heal" as const, reason: "drift within the policy" };
  const trailOf = trail.forStack({ backend: "s3://state", project: "shop", stack });
  const started = performance.now();
  await trailOf.recall();
  await trailOf.detected(report, decision);
  await trailOf.healStarting(report, decision);
  const heldMs = performance.now() - started;
  trailOf.healRunning();
  const verification = testReport({ stack, drift: [], plan: [] });
  await trailOf.finished(
    testOutcome({ report, decision, outcome: "healed", heal: { durationMs: 1, changes: { update: 1 } }, verification }),
  );
  return heldMs;
}

const isWrite = (r: LoggedRequest) => r.method !== "GET";

/** The most successful writes in any window of the limit's length. */
function busiestWindow(log: readonly LoggedRequest[], windowMs: number): number {
  const times = log.filter((r) => isWrite(r) && r.status < 400).map((r) => Date.parse(r.at));
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe("a burst of 50 drifting stacks under GitHub's secondary rate limits", () => {
  it("heals every stack on time, opens each issue once and stays inside the limits", async () => {
    const trail = await trailUnder(limits, { writeSpacingMs: 0 });
    const started = performance.now();

    const held = await Promise.all(stacks.map((stack) => healOne(trail, stack)));
    let settles = 0;
    let delivery = await trail.settle();
    for (settles = 1; delivery.queued > 0 && settles < 20; settles++) delivery = await trail.settle();
    const caughtUpMs = performance.now() - started;

    // Heals never wait for the trail: recall, detection and the heal's start within the budget.
    expect(Math.max(...held)).toBeLessThan(3 * budgetMs + 2_000);
    expect(Math.max(...held)).toBeLessThan(caughtUpMs / 5);
    expect(delivery).toMatchObject({ queued: 0, rejected: 0 });
    const issues = github.state.issues("acme", "infra");
    expect(issues.map((i) => i.title.match(/app-\d\d/)?.[0]).sort()).toEqual(stacks);
    expect(issues.every((i) => i.state === "closed")).toBe(true);
    const log = github.requestLog;
    const opened = log.filter((r) => r.method === "POST" && r.path === "/repos/acme/infra/issues" && r.status === 201);
    expect(opened).toHaveLength(50);
    // No write beyond a limit succeeded, and the limits were reached (refusals were waited out).
    expect(busiestWindow(log, limits.perMinute.windowMs)).toBeLessThanOrEqual(limits.perMinute.count);
    expect(busiestWindow(log, limits.perHour.windowMs)).toBeLessThanOrEqual(limits.perHour.count);
    const refused = log.filter((r) => r.status === 403).length;
    expect(refused).toBeGreaterThan(0);
    const writes = log.filter((r) => isWrite(r) && r.status < 400).length;
    console.log(
      `secondary limits: ${(log.length / 50).toFixed(1)} requests and ${(writes / 50).toFixed(1)} accepted writes ` +
        `per drifted stack, ${refused} refused, the trail caught up ${(caughtUpMs / 1000).toFixed(1)} s after ` +
        `the burst began in ${settles} settle(s); longest hold before a heal ${Math.round(Math.max(...held))} ms`,
    );
  }, 240_000);

  it("keeps what a longer wait than the client allows held back in the journal and delivers it later, once", async () => {
    const tight = { perMinute: { count: 100, windowMs: 1_000 }, perHour: { count: 5, windowMs: 3_000 } };
    const trail = await trailUnder(tight, { writeSpacingMs: 0, maxRateLimitWaitSeconds: 1 });

    await Promise.all(["app-00", "app-01"].map((stack) => healOne(trail, stack)));
    const first = await trail.settle();
    expect(first.queued).toBeGreaterThan(0);
    expect(first.error).toMatch(/secondary rate limit/);
    let delivery = first;
    for (let cycle = 0; delivery.queued > 0 && cycle < 5; cycle++) {
      await delay(tight.perHour.windowMs);
      delivery = await trail.settle();
    }

    expect(delivery).toMatchObject({ queued: 0, rejected: 0 });
    const issues = github.state.issues("acme", "infra");
    expect(issues).toHaveLength(2);
    // Each issue: opened once, the heal's start and its result noted once each, closed.
    expect(issues.map((i) => [i.state, i.comments.length])).toEqual([
      ["closed", 2],
      ["closed", 2],
    ]);
  }, 60_000);
});
