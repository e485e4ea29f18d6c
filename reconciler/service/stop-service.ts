// Stopping the service cleanly: scheduling stops, the running cycle may finish until the
// grace deadline, then its engine operations are aborted (releasing their stack locks),
// and the HTTP server closes.
import type { Server } from "node:http";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { beforeDeadline } from "../engine/before-deadline.js";
import type { CycleRunner } from "./cycle-runner.js";

export interface StopServiceParts {
  startup: NodeJS.Timeout;
  task: ScheduledTask;
  runner: CycleRunner;
  server: Server;
  logger: Logger;
  graceSeconds: number;
}

export async function stopService({
  startup,
  task,
  runner,
  server,
  logger,
  graceSeconds,
}: StopServiceParts): Promise<void> {
  clearTimeout(startup);
  await task.destroy();
  if (runner.isRunning()) {
    logger.info({ graceSeconds }, "waiting for the running cycle");
    const idle = runner.idle().then(() => "idle" as const);
    if ((await beforeDeadline(idle, graceSeconds * 1000, "timeout" as const)) === "timeout") {
      logger.warn("grace period over: aborting the running cycle");
      runner.abort();
      await runner.idle();
    }
  }
  await new Promise<void>((r) => server.close(() => r()));
  logger.info("service stopped");
}
