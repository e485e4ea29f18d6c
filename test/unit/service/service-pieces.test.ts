// The service's pure pieces: sharding, readiness, the no-overlap cycle lock, metrics,
// the status page.
import { describe, expect, it } from "vitest";
import { serviceSchema } from "../../../reconciler/core/config-schema.js";
import { createLogger } from "../../../reconciler/service/logger.js";
import { httpAccess } from "../../../reconciler/service/status-handlers.js";
import { createCycleRunner, type CycleResult } from "../../../reconciler/service/cycle-runner.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import { createMetrics } from "../../../reconciler/service/metrics.js";
import { readiness } from "../../../reconciler/service/readiness.js";
import type { StackOutcome } from "../../../reconciler/core/stack-outcome.js";
import { ownsStack, parseShard, shardOf } from "../../../reconciler/core/shard.js";
import { UsageError } from "../../../reconciler/core/usage-error.js";
import { renderStatusPage } from "../../../reconciler/service/status-page.js";
import { statusQueryOf, statusViewOf, type StatusStackInput } from "../../../reconciler/core/status-view.js";
import { testOutcome, testReport } from "../../support/reports.js";

/** The status page of these stacks, for the query string `q`. */
const page = (stacks: StatusStackInput[], q = "") =>
  renderStatusPage(
    statusViewOf({ stacks, severity: defaultSeverityRules, ready: { ready: true, reason: "ok" } }),
    statusQueryOf(new URLSearchParams(q)),
  );

const names = Array.from({ length: 200 }, (_, i) => `stack-${i}`);

describe("sharding", () => {
  it("gives every stack exactly one owner among n shards, the same on every call", () => {
    for (const n of [1, 2, 3, 7]) {
      const owners = names.map((name) =>
        Array.from({ length: n }, (_, i) => i).filter((i) => ownsStack({ index: i, count: n }, name)),
      );
      expect(owners.every((o) => o.length === 1)).toBe(true);
      expect(names.map((name) => shardOf(name, n))).toEqual(names.map((name) => shardOf(name, n)));
    }
  });

  it("spreads stacks over the shards", () => {
    const counts = [0, 1, 2].map((i) => names.filter((name) => shardOf(name, 3) === i).length);
    expect(Math.min(...counts)).toBeGreaterThan(40);
  });

  it("keeps a stack on its shard when others are added", () => {
    expect(shardOf("prod", 4)).toBe(shardOf("prod", 4));
    expect(["dev", "prod"].map((n) => shardOf(n, 4))).toEqual(["dev", "prod"].map((n) => shardOf(n, 4)));
  });

  it("rejects a malformed shard naming the expected form", () => {
    expect(parseShard("1/3")).toEqual({ index: 1, count: 3 });
    for (const bad of ["3/3", "a/b", "1", "0/0"]) expect(() => parseShard(bad)).toThrow(/must be i\/n/);
  });
});

describe("readiness", () => {
  const startedAt = new Date("2026-11-26T10:00:00Z");
  const minute = 60_000;
  it("is ready while the first cycle is pending, within three intervals of start-up", () => {
    expect(
      readiness({ configLoaded: true, startedAt, intervalMs: minute }, new Date(startedAt.getTime() + 2 * minute))
        .ready,
    ).toBe(true);
  });
  it("goes unready when cycles stall for more than three schedule intervals", () => {
    const last = new Date(startedAt.getTime() + minute);
    const r = readiness(
      { configLoaded: true, startedAt, intervalMs: minute, lastCycleFinishedAt: last },
      new Date(last.getTime() + 3 * minute + 1000),
    );
    expect(r.ready).toBe(false);
    expect(r.reason).toMatch(/over 3 schedule intervals/);
  });
  it("is unready without a loaded config", () => {
    expect(readiness({ configLoaded: false, startedAt, intervalMs: minute }, startedAt)).toEqual({
      ready: false,
      reason: "config not loaded",
    });
  });
});

describe("the cycle lock", () => {
  it("skips and counts a cycle asked for while one runs, and runs the next one after", async () => {
    let release: () => void = () => undefined;
    const runs: string[] = [];
    const skipped: string[] = [];
    const runner = createCycleRunner(
      (_signal, reason) =>
        new Promise<CycleResult>((resolve) => {
          runs.push(reason);
          release = () => resolve({ startedAt: new Date(), finishedAt: new Date(), outcomes: [] });
        }),
      (reason) => skipped.push(reason),
    );
    const first = runner.run("scheduled");
    expect(await runner.run("manual")).toBe("skipped");
    expect(runner.isRunning()).toBe(true);
    release();
    await first;
    const second = runner.run("manual");
    release();
    await second;
    expect(runs).toEqual(["scheduled", "manual"]);
    expect(skipped).toEqual(["manual"]);
  });

  it("remembers when the last cycle ended, for the cooldown of run now", async () => {
    const ended = new Date("2024-06-12T12:00:00Z");
    const runner = createCycleRunner(async () => ({ startedAt: new Date(0), finishedAt: ended, outcomes: [] }));
    expect(runner.lastEndedAt()).toBeUndefined();
    await runner.run("startup");
    expect(runner.lastEndedAt()).toEqual(ended);
  });

  it("aborts the running cycle's signal", async () => {
    let seen: AbortSignal | undefined;
    const runner = createCycleRunner(
      (signal) =>
        new Promise<CycleResult>((resolve) => {
          seen = signal;
          signal.addEventListener("abort", () =>
            resolve({ startedAt: new Date(), finishedAt: new Date(), outcomes: [], error: "aborted" }),
          );
        }),
    );
    const running = runner.run("scheduled");
    runner.abort();
    expect(await running).toMatchObject({ error: "aborted" });
    expect(seen?.aborted).toBe(true);
  });
});

function outcome(stack: string, kind: StackOutcome["outcome"], drift: string[]): StackOutcome {
  const items = drift.map((name) => ({
    urn: `urn:pulumi:${stack}::p::t::${name}`,
    type: "fixture:index:SecurityGroup",
    name,
    kind: "modified" as const,
    properties: [
      { path: "ingress[1]", cloud: { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] } },
    ],
  }));
  const report = testReport({
    stack,
    project: "p",
    backend: "file:///s",
    startedAt: "2026-11-26T10:00:00.000Z",
    durationMs: 1500,
    resourceCount: 5,
    drift: items,
  });
  return testOutcome({ outcome: kind, decision: { action: "none", reason: "x" }, report });
}

describe("metrics", () => {
  it("count cycles, drift by severity, heals and busy stacks after a cycle", async () => {
    const m = createMetrics();
    m.recordCycle(
      [outcome("prod", "healed", ["prod-alb-sg"]), outcome("dev", "busy", [])],
      defaultSeverityRules,
      new Date("2026-11-26T10:00:00Z"),
    );
    m.recordSkipped("overlap");
    const text = await m.registry.metrics();
    expect(text).toMatch(/drift_reconciler_cycles_total\{result="success"\} 1/);
    expect(text).toMatch(/drift_reconciler_drift_found_total\{severity="critical"\} 1/);
    expect(text).toMatch(/drift_reconciler_heals_total\{project="p",stack="prod"\} 1/);
    expect(text).toMatch(/drift_reconciler_busy_total\{project="p",stack="dev"\} 1/);
    expect(text).toMatch(/drift_reconciler_cycles_skipped_total\{reason="overlap"\} 1/);
    expect(text).toMatch(/drift_reconciler_last_successful_cycle_timestamp_seconds 1795\d+/);
    expect(text).toMatch(/drift_reconciler_detection_duration_seconds_count\{project="p",stack="prod"\} 1/);
  });
});

describe("the journal's metrics", () => {
  it("count compactions by the bound that set them off and show the journal's size after each cycle", async () => {
    const m = createMetrics();
    m.recordJournal({ records: 2400, bytes: 90_000, events: 800 });
    m.recordJournal({ records: 12, bytes: 4000, events: 12, compacted: "records" });
    m.recordJournal({ records: 15, bytes: 5000, events: 15 });
    const text = await m.registry.metrics();
    expect(text).toMatch(/drift_reconciler_journal_compactions_total\{reason="records"\} 1/);
    expect(text).not.toMatch(/drift_reconciler_journal_compactions_total\{reason="age"\}/);
    expect(text).toMatch(/drift_reconciler_journal_records 15/);
    expect(text).toMatch(/drift_reconciler_journal_bytes 5000/);
  });
});

describe("metrics of two stacks named prod", () => {
  it("are labelled by project, so the two are counted apart", async () => {
    const m = createMetrics();
    const network = { ...outcome("prod", "healed", ["prod-alb-sg"]), project: "network" };
    const app = { ...outcome("prod", "busy", []), project: "app" };
    m.recordCycle([network, app], defaultSeverityRules, new Date("2026-11-26T10:00:00Z"));
    const text = await m.registry.metrics();
    expect(text).toMatch(/drift_reconciler_heals_total\{project="network",stack="prod"\} 1/);
    expect(text).not.toMatch(/drift_reconciler_heals_total\{project="app"/);
    expect(text).toMatch(/drift_reconciler_busy_total\{project="app",stack="prod"\} 1/);
    expect(text).toMatch(/drift_reconciler_detection_duration_seconds_count\{project="network",stack="prod"\} 1/);
    expect(text).toMatch(/drift_reconciler_detection_duration_seconds_count\{project="app",stack="prod"\} 1/);
  });
});

describe("the status page", () => {
  it("shows each stack's outcome and drift, escaped, with a link to its issue", () => {
    const html = page([
      {
        key: "prod",
        outcome: outcome("prod", "reported", ["<script>x</script>"]),
        issue: { number: 7, url: "https://github.example/acme/infra/issues/7" },
      },
      { key: "dev" },
    ]);
    // No refresh of its own (a reader may be reading): a reload link keeps the filter.
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('href="https://github.example/acme/infra/issues/7">issue #7</a>');
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toMatch(/data-stack="dev"[^>]*>[\s\S]*class="badge neutral">not checked yet</);
  });
});

describe("stuck stacks and held heals", () => {
  it("count stuck stacks and heals held by the flapping breaker or the grace period", async () => {
    const m = createMetrics();
    const flapping = {
      ...outcome("prod", "reported", ["prod-alb-sg"]),
      decision: { action: "report", guard: "flapping", reason: "r" },
    } as const;
    m.recordCycle([outcome("dev", "stuck", []), flapping], defaultSeverityRules, new Date("2026-11-26T10:00:00Z"));
    const text = await m.registry.metrics();
    expect(text).toMatch(/drift_reconciler_stuck_total\{project="p",stack="dev"\} 1/);
    expect(text).toMatch(/drift_reconciler_heals_held_total\{project="p",stack="prod",guard="flapping"\} 1/);
  });

  it("show on the status page: a stuck badge, and the guard that held a heal", () => {
    const grace = {
      ...outcome("prod", "reported", ["prod-alb-sg"]),
      decision: { action: "report", guard: "grace-period", reason: "r" },
    } as const;
    const html = page([
      { key: "prod", outcome: grace },
      { key: "dev", outcome: outcome("dev", "stuck", []) },
    ]);
    expect(html).toMatch(/data-stack="prod"[^>]*>[\s\S]*guard: grace-period/);
    expect(html).toMatch(/data-stack="dev"[^>]*>[\s\S]*class="badge bad">stuck</);
  });
});

describe("who may use the HTTP endpoints", () => {
  const service = serviceSchema.parse({ host: "0.0.0.0", allowedHosts: ["drift.internal"] });
  const quiet = createLogger({ level: "silent" });

  it("reads the tokens from the variables the config names", () => {
    const named = { ...service, runTokenEnv: "RUN_T", readTokenEnv: "READ_T" };
    expect(httpAccess(named, { RUN_T: "r1", READ_T: "p1" }, quiet)).toMatchObject({ runToken: "r1", readToken: "p1" });
  });

  it("disables run now when its variable is not set", () => {
    expect(httpAccess({ ...service, runTokenEnv: "RUN_T" }, {}, quiet).runToken).toBeUndefined();
  });

  it("refuses to start when the read token's variable is not set, rather than leave the page open", () => {
    expect(() => httpAccess({ ...service, readTokenEnv: "READ_T" }, {}, quiet)).toThrow(
      "service.readTokenEnv: environment variable READ_T is not set",
    );
  });
});

describe("argument errors", () => {
  it("are usage errors, so the CLI prints them and exits 1", () => {
    expect(() => parseShard("2/2")).toThrow(UsageError);
  });
});

describe("the status page with untrusted engine messages", () => {
  it("shows an error's markup escaped and its bidirectional and line-breaking characters as escapes", () => {
    const report = testReport({ status: "error", error: 'provider: <img src=x onerror="x"> \u202Egnp.exe\nnext' });
    const html = page([{ key: "prod", outcome: testOutcome({ report, outcome: "error" }) }]);
    expect(html).toContain("provider: &lt;img src=x onerror=&quot;x&quot;&gt; \\u202Egnp.exe\\nnext");
    expect(html).not.toContain("\u202E");
  });
});
