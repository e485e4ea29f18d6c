// `reconciler serve`: a cycle at start-up, then on the configured cron schedule
// (schedule.ts), HTTP endpoints (status-server.ts), and a clean stop (stop-service.ts).
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { AuditTrail } from "../audit/audit-trail.js";
import { systemClock, type Clock } from "../core/clock.js";
import { configSecrets } from "../core/config-secrets.js";
import { createRedactor, type Redact } from "../core/redact.js";
import type { Shard } from "../core/shard.js";
import { createNotifyingAuditTrail } from "../notify/notifying-audit-trail.js";
import type { Env, LoadedConfig, LoadedStack } from "../core/loaded-config.js";
import { stackIdOf, stackPath } from "../core/stack-id.js";
import { createCycleRunner, type CycleResult } from "./cycle-runner.js";
import { createMetrics } from "./metrics.js";
import { readiness } from "./readiness.js";
import { scheduleCycles, scheduleIntervalMs } from "./schedule.js";
import { createServiceCycle } from "./service-cycle.js";
import { statusHandlers, httpAccess } from "./status-handlers.js";
import { createStatusServer } from "./status-server.js";
import { stopService } from "./stop-service.js";
import type { RunOptions } from "../engine/run-stacks.js";

export interface ServeOptions {
  config: LoadedConfig;
  /** The stacks this process owns (after --stack / --shard: core/select-stacks.ts). */
  stacks: readonly LoadedStack[];
  logger: Logger;
  /** Where passEnv variables and the GitHub credentials are read from. */
  env: Env;
  pulumiCommand?: PulumiCommand;
  /** The shard whose section of the drift dashboard this service writes; none when it runs chosen stacks. */
  dashboardShard?: Shard;
  /** The audit logs that say who changed a drifted resource (docs/who-changed-it.md). */
  attribution?: RunOptions["attribution"];
  audit?: AuditTrail;
  now?: Clock;
  random?: () => number;
  /** The output redactor for logs, the audit trail, notifications and the status page (default: one for this config). */
  redact?: Redact;
}

export interface RunningService {
  port: number;
  runNow(): Promise<CycleResult | "skipped">;
  /** Stop scheduling, let the running cycle finish within the grace period, then abort it. */
  shutdown(): Promise<void>;
}

export async function startService(opts: ServeOptions): Promise<RunningService> {
  const { config, logger, env } = opts;
  const now = opts.now ?? systemClock;
  const random = opts.random ?? Math.random;
  // One redactor for the service's life: logs, engines' outcomes, the trail, sinks and the status page.
  const redact = opts.redact ?? createRedactor(configSecrets(config, env));
  const audit =
    opts.audit ?? createNotifyingAuditTrail(config, { env, now, redact, warn: (message) => logger.warn(message) });
  const metrics = createMetrics();
  const startedAt = now();
  const cycle = createServiceCycle({ ...opts, audit, metrics, now, env, redact });
  const runner = createCycleRunner(
    (signal, reason) => cycle.run(signal, reason),
    (reason) => {
      metrics.recordSkipped(reason === "manual" ? "manual-overlap" : "overlap");
      logger.warn({ reason }, "cycle skipped: one is still running");
    },
  );

  const service = config.service;
  // The cycle's promise is returned, so node-cron's noOverlap sees when it ends.
  const task = scheduleCycles(service, () => runner.run("scheduled"), logger);
  task.on("execution:overlap", () => metrics.recordSkipped("overlap"));
  const intervalMs = scheduleIntervalMs(task);

  const ready = () => {
    const last = cycle.lastFinishedAt();
    return readiness(
      { configLoaded: true, startedAt, intervalMs, ...(last ? { lastCycleFinishedAt: last } : {}) },
      now(),
    );
  };
  const server = createStatusServer(
    statusHandlers({ service, cycle, runner, task, metrics, ready, now, redact, severity: config.severity }),
    {
      ...httpAccess(service, env, logger),
      onError: (err) => logger.error({ error: String(err) }, "http handler failed"),
    },
  );
  await new Promise<void>((resolve) => server.listen(service.port, service.host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      port,
      schedule: service.schedule,
      timezone: service.timezone,
      stacks: opts.stacks.map((s) => stackPath(stackIdOf(s))),
    },
    "service started",
  );

  const startupDelayMs = Math.floor(random() * service.maxStartDelaySeconds * 1000);
  const startup = setTimeout(() => void runner.run("startup"), startupDelayMs);

  return {
    port,
    runNow: () => runner.run("manual"),
    shutdown: () => stopService({ startup, task, runner, server, logger, graceSeconds: service.shutdownGraceSeconds }),
  };
}
