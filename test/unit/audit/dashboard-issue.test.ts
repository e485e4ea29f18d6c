// The drift dashboard on the GitHub API emulator over a socket, with the real Octokit client:
// 20 stacks over 2 shards writing at the same time make one issue with every stack, one comment
// per shard; nothing is written when nothing changed; stacks move between groups; a removed
// stack is gone; a silent shard shows as stale; sections of an old shard count are removed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishDashboard, type DashboardResult } from "../../../reconciler/audit/publish-dashboard.js";
import { readTrailer } from "../../../reconciler/core/marker-trailer.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { ownsStack, type Shard } from "../../../reconciler/core/shard.js";
import type { StackOutcome } from "../../../reconciler/core/stack-outcome.js";
import { fleetOutcome, groupIn, type FleetState } from "../../support/fleet-outcomes.js";
import { startGitHubEmulator, type GitHubEmulator } from "../../support/github-emulator/index.js";

const env = { DASH_TOKEN: "dash-token" };
const names = Array.from({ length: 20 }, (_, i) => `svc-${String(i + 1).padStart(2, "0")}`);
let github: GitHubEmulator;
let dir: string;
let clock = Date.parse("2026-12-07T03:00:00.000Z");

beforeEach(async () => {
  github = await startGitHubEmulator({ token: "dash-token", login: "drift-bot" });
  dir = mkdtempSync(join(tmpdir(), "dashboard-"));
});
afterEach(async () => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

function configOf(stacks: readonly string[]) {
  const audit =
    `audit:\n  dir: ./audit\n  github: { repository: acme/infra, baseUrl: "${github.url}", ` +
    `tokenEnv: DASH_TOKEN, dashboard: true }\n`;
  const list = stacks.map((s) => `  - { name: ${s}, project: shop, program: p.ts#program, backend: s3://state }\n`);
  return parseConfig(`${audit}stacks:\n${list.join("")}`, join(dir, "reconciler.yaml"), env);
}

/** One shard's cycle: its stacks' outcomes (in sync unless `states` says otherwise), then its section. */
async function cycle(shard: Shard, stacks = names, states: Record<string, FleetState> = {}): Promise<DashboardResult> {
  const config = configOf(stacks);
  const outcomes: StackOutcome[] = stacks
    .filter((s) => ownsStack(shard, s))
    .map((s) => fleetOutcome(s, states[s] ?? "in-sync", { startedAt: new Date(clock).toISOString() }));
  const result = await publishDashboard({
    config,
    env,
    shard,
    outcomes,
    now: () => new Date(clock),
    client: { retries: 0 },
  });
  if (!result?.written) throw new Error(`dashboard not written: ${JSON.stringify(result)}`);
  return result;
}

const shards = [
  { index: 0, count: 2 },
  { index: 1, count: 2 },
];
const bothShards = (states: Record<string, FleetState> = {}) => Promise.all(shards.map((s) => cycle(s, names, states)));
const dashboards = () => github.state.issues("acme", "infra").filter((i) => i.labels.includes("drift-dashboard"));
const openDashboard = () => {
  const open = dashboards().filter((i) => i.state === "open");
  expect(open).toHaveLength(1);
  return open[0]!;
};
const sectionOf = (index: number) =>
  openDashboard().comments.find((c) => readTrailer(c.body)?.note === `dashboard.shard.${index}.2`)?.body ?? "";
const writes = () => github.requestLog.filter((r) => r.method !== "GET");

// Octokit spaces writes a second apart (as GitHub asks of integrations): a cycle takes seconds.
describe("the drift dashboard over two shards", { timeout: 90_000 }, () => {
  it("is one issue listing all 20 stacks, one comment per shard, when both shards write at the same time", async () => {
    await bothShards();
    const issue = openDashboard();
    expect(issue.title).toBe("Drift dashboard");
    expect(issue.author).toBe("drift-bot");
    expect(issue.comments).toHaveLength(2);
    const all = issue.comments.map((c) => c.body).join("\n");
    for (const name of names) expect(all.split(`\`shop/${name}\``).length - 1, name).toBe(1);
    expect(issue.body).toMatch(/\| Shard 1 of 2 \| \d+ \| 0 \| .* · reporting \|/);
    expect(issue.body).toMatch(/\| Shard 2 of 2 \| \d+ \| 0 \| .* · reporting \|/);
    // A second issue opened by the race is closed, not left beside the first.
    expect(dashboards().filter((i) => i.state === "open")).toHaveLength(1);
  });

  it("writes nothing in a second cycle where nothing changed, also an hour later", async () => {
    await bothShards();
    github.requestLog.length = 0;
    clock += 3_600_000;
    const results = await bothShards();
    expect(results.map((r) => (r.written ? r.writes : []))).toEqual([[], []]);
    expect(writes()).toEqual([]);
  });

  it("moves a drifted, a held and a stuck stack to their groups, editing only the shards they are in", async () => {
    await bothShards();
    github.requestLog.length = 0;
    const states: Record<string, FleetState> = { "svc-03": "drifted", "svc-07": "held", "svc-11": "stuck" };
    await bothShards(states);
    const sections = [sectionOf(0), sectionOf(1)].join("\n");
    expect(groupIn(sections, "svc-03")).toBe("Drifted");
    expect(groupIn(sections, "svc-07")).toBe("Held");
    expect(groupIn(sections, "svc-11")).toBe("Stuck");
    expect(groupIn(sections, "svc-01")).toBe("In sync");
    expect(sections).toMatch(/held by `alice` until `2026-12-07 05:00 UTC`/);
    const touched = new Set(Object.keys(states).map((s) => (ownsStack(shards[0]!, s) ? 0 : 1)));
    const edits = writes().filter((w) => w.method === "PATCH" && w.path.includes("/comments/"));
    expect(edits).toHaveLength(touched.size);
  });

  it("drops a stack removed from the config", async () => {
    await bothShards();
    const fewer = names.filter((n) => n !== "svc-05");
    await Promise.all(shards.map((s) => cycle(s, fewer)));
    const all = openDashboard()
      .comments.map((c) => c.body)
      .join("\n");
    expect(all).not.toContain("shop/svc-05");
    expect(all).toContain("shop/svc-06");
  });

  it("shows a shard that stopped reporting as stale with its last time", async () => {
    await bothShards();
    const last = readTrailer(sectionOf(1))?.since ?? "";
    clock += 25 * 3_600_000;
    await cycle(shards[0]!);
    const body = openDashboard().body ?? "";
    const shown = `${last.replace("T", " ").slice(0, 16)} UTC`;
    const line = body.split("\n").find((l) => l.startsWith("| Shard 2 of 2"));
    expect(line).toMatch(/^\| Shard 2 of 2 \| \d+ \| 0 \| `(.+)` · \*\*stale\*\*/);
    expect(line).toContain(`\`${shown}\``);
    expect(body).toMatch(/\| Shard 1 of 2 \| \d+ \| 0 \| .* · reporting \|/);
  });

  it("removes the sections of an earlier shard count when the fleet runs unsharded", async () => {
    await bothShards();
    await cycle({ index: 0, count: 1 });
    const comments = openDashboard().comments;
    expect(comments.map((c) => readTrailer(c.body)?.note)).toEqual(["dashboard.shard.0.1"]);
    expect(comments[0]?.body).toContain("### All stacks · 20 stacks · 0 need attention");
  });

  it("ignores a look-alike issue and comment written by someone else", async () => {
    github.setRole("acme", "infra", "mallory", "write");
    await cycle({ index: 0, count: 1 });
    const issue = openDashboard();
    github.comment("acme", "infra", issue.number, "mallory", issue.comments[0]?.body.replace("svc-01", "evil") ?? "");
    github.requestLog.length = 0;
    await cycle({ index: 0, count: 1 });
    expect(writes()).toEqual([]);
    expect(openDashboard().comments.filter((c) => c.author === "drift-bot")).toHaveLength(1);
  });
});

describe("a dashboard that cannot be written", () => {
  it("is reported with what went wrong and never throws", async () => {
    const config = configOf(names);
    await github.close();
    const result = await publishDashboard({
      config,
      env,
      shard: { index: 0, count: 1 },
      outcomes: [],
      now: () => new Date(clock),
      client: { retries: 0 },
    });
    expect(result?.written).toBe(false);
    expect(result && !result.written ? result.error : "").toMatch(/\S/);
    github = await startGitHubEmulator({ token: "dash-token" });
  });
});
