// `reconciler serve`: a cycle at start-up, then on the configured cron schedule
// (node-cron, no overlap, a random start delay), HTTP endpoints, and a clean stop:
// on shutdown, scheduling stops, the running cycle may finish until the grace deadline,
// then its engine operations are aborted (releasing their stack locks).
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import cron, { type ScheduledTask } from "node-cron";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createAuditTrail, type AuditTrail } from "./audit-setup.js";
import { createCycleRunner, type CycleReason, type CycleResult } from "./cycle-runner.js";
import type { TrackedIssue } from "./issue-tracker.js";
import type { LoadedConfig } from "./load-config.js";
import type { Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { readiness } from "./readiness.js";
import { reconcile } from "./reconciler.js";
import type { StackOutcome } from "./reconcile-stack.js";
import { renderStatusPage } from "./status-page.js";
import { createStatusServer } from "./status-server.js";

export interface ServeOptions {
  config: LoadedConfig;
  /** The stack names this process owns (after --stack / --shard). */
  stacks: string[];
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  pulumiCommand?: PulumiCommand;
  audit?: AuditTrail;
  now?: () => Date;
  random?: () => number;
}

export interface RunningService {
  port: number;
  runNow(): Promise<CycleResult | "skipped">;
  /** Stop scheduling, let the running cycle finish within the grace period, then abort it. */
  shutdown(): Promise<void>;
}

function intervalMs(task: ScheduledTask): number {
  const [a, b] = task.getNextRuns(2);
  return a && b ? b.getTime() - a.getTime() : 15 * 60_000;
}

export async function startService(opts: ServeOptions): Promise<RunningService> {
  const { config, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const audit = opts.audit ?? createAuditTrail(config, opts.env);
  const metrics = createMetrics();
  const startedAt = now();
  const latest = new Map<string, { outcome?: StackOutcome; issue?: TrackedIssue }>(opts.stacks.map((s) => [s, {}]));
  let lastCycleFinishedAt: Date | undefined;

  const cycle = async (signal: AbortSignal, reason: CycleReason): Promise<CycleResult> => {
    const runId = randomUUID();
    const log = logger.child({ runId });
    const cycleStart = now();
    log.info({ reason, stacks: opts.stacks.length }, "cycle started");
    try {
      const outcomes = await reconcile({ config, stacks: opts.stacks, signal, logger: log, ...(opts.pulumiCommand ? { pulumiCommand: opts.pulumiCommand } : {}) });
      const delivery = await audit.record(outcomes, cycleStart.toISOString());
      if (delivery.queued > 0) log.warn({ queued: delivery.queued, error: delivery.error }, "audit events queued in the outbox");
      for (const o of outcomes) {
        const issue = delivery.issues?.[`${o.project}/${o.stack}`] ?? latest.get(o.stack)?.issue;
        latest.set(o.stack, { outcome: o, ...(issue ? { issue } : {}) });
      }
      const finishedAt = now();
      metrics.recordCycle(outcomes, config.severity, finishedAt);
      metrics.setOpenIssues([...latest.values()].filter((s) => s.outcome && s.outcome.report.drift.length > 0 && s.outcome.outcome !== "healed").length);
      lastCycleFinishedAt = finishedAt;
      log.info({ durationMs: finishedAt.getTime() - cycleStart.getTime() }, "cycle finished");
      return { startedAt: cycleStart, finishedAt, outcomes, delivery };
    } catch (err) {
      metrics.recordCycleFailure();
      log.error({ error: err instanceof Error ? err.message : String(err) }, "cycle failed");
      return { startedAt: cycleStart, finishedAt: now(), outcomes: [], error: String(err) };
    }
  };
  const runner = createCycleRunner(cycle, (reason) => {
    metrics.recordSkipped(reason === "manual" ? "manual-overlap" : "overlap");
    logger.warn({ reason }, "cycle skipped: one is still running");
  });

  const cronLogger = {
    info: (m: string) => logger.debug({ source: "node-cron" }, m),
    warn: (m: string) => logger.warn({ source: "node-cron" }, m),
    error: (m: string | Error) => logger.error({ source: "node-cron", error: String(m) }, "scheduler error"),
    debug: (m: string | Error) => logger.debug({ source: "node-cron", detail: String(m) }, "scheduler debug"),
  };
  const service = config.service;
  const task = cron.schedule(service.schedule, () => runner.run("scheduled"), {
    name: "drift-reconcile",
    timezone: service.timezone,
    noOverlap: true,
    maxRandomDelay: service.maxStartDelaySeconds * 1000,
    logger: cronLogger,
  });
  task.on("execution:overlap", () => metrics.recordSkipped("overlap"));
  const interval = intervalMs(task);

  const ready = () => readiness({ configLoaded: true, startedAt, intervalMs: interval, ...(lastCycleFinishedAt ? { lastCycleFinishedAt } : {}) }, now());
  const server = createStatusServer(
    {
      ready,
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      page: () =>
        renderStatusPage({
          stacks: [...latest.entries()].map(([key, s]) => ({ key, ...s })),
          ready: ready(),
          refreshSeconds: 30,
          ...(lastCycleFinishedAt ? { lastCycleFinishedAt } : {}),
          ...(task.getNextRun() ? { nextRunAt: task.getNextRun() as Date } : {}),
        }),
      runNow: () => {
        const busy = runner.isRunning();
        void runner.run("manual");
        return busy ? "busy" : "started";
      },
    },
    (err) => logger.error({ error: String(err) }, "http handler failed"),
  );
  await new Promise<void>((resolve) => server.listen(service.port, service.host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, schedule: service.schedule, timezone: service.timezone, stacks: opts.stacks }, "service started");

  const startup = setTimeout(() => void runner.run("startup"), Math.floor(random() * service.maxStartDelaySeconds * 1000));

  return {
    port,
    runNow: () => runner.run("manual"),
    async shutdown() {
      clearTimeout(startup);
      await task.destroy();
      if (runner.isRunning()) {
        logger.info({ graceSeconds: service.shutdownGraceSeconds }, "waiting for the running cycle");
        const graceOver = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), service.shutdownGraceSeconds * 1000).unref());
        if ((await Promise.race([runner.idle().then(() => "idle" as const), graceOver])) === "timeout") {
          logger.warn("grace period over: aborting the running cycle");
          runner.abort();
          await runner.idle();
        }
      }
      await new Promise<void>((r) => server.close(() => r()));
      logger.info("service stopped");
    },
  };
}
