// The service's schedule: node-cron with no overlap and a random start delay, its own
// logging routed into ours.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { ServiceConfig } from "../core/config-schema.js";

export function scheduleCycles(service: ServiceConfig, run: () => Promise<unknown>, logger: Logger): ScheduledTask {
  const cronLogger = {
    info: (m: string) => logger.debug({ source: "node-cron" }, m),
    warn: (m: string) => logger.warn({ source: "node-cron" }, m),
    error: (m: string | Error) => logger.error({ source: "node-cron", error: String(m) }, "scheduler error"),
    debug: (m: string | Error) => logger.debug({ source: "node-cron", detail: String(m) }, "scheduler debug"),
  };
  return cron.schedule(service.schedule, run, {
    name: "drift-reconcile",
    timezone: service.timezone,
    noOverlap: true,
    maxRandomDelay: service.maxStartDelaySeconds * 1000,
    logger: cronLogger,
  });
}

/** The time between two runs of the schedule (for readiness); 15 minutes when it cannot tell. */
export function scheduleIntervalMs(task: ScheduledTask): number {
  const [a, b] = task.getNextRuns(2);
  return a && b ? b.getTime() - a.getTime() : 15 * 60_000;
}
