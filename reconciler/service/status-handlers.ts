// What the HTTP endpoints answer (status-server.ts), from the running service's parts:
// readiness, metrics, the status page (redacted) and "run now" under the cycle lock and its
// cooldown; and who may ask (httpAccess): the Host names answered and the tokens.
import type { ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { ConfigError } from "../core/config-error.js";
import type { ServiceConfig } from "../core/config-schema.js";
import type { Env } from "../core/loaded-config.js";
import { redactDeep, type Redact } from "../core/redact.js";
import type { SeverityRule } from "../core/config-schema.js";
import { filterStacks, statusQueryOf, statusViewOf } from "../core/status-view.js";
import type { CycleRunner } from "./cycle-runner.js";
import { allowedHostNames } from "./http-guard.js";
import type { ReconcilerMetrics } from "./metrics.js";
import { cooldownLeftSeconds } from "./run-cooldown.js";
import type { ServiceCycle } from "./service-cycle.js";
import { renderStatusPage } from "./status-page.js";
import type { RunNowAnswer, StatusHandlers, StatusServerOptions } from "./status-server.js";

interface HandlerParts {
  service: ServiceConfig;
  cycle: ServiceCycle;
  runner: CycleRunner;
  task: ScheduledTask;
  metrics: ReconcilerMetrics;
  ready: () => { ready: boolean; reason: string };
  now: () => Date;
  redact: Redact;
  /** The severity rules (config.severity), for each stack's drift. */
  severity: readonly SeverityRule[];
}

export function statusHandlers(parts: HandlerParts): StatusHandlers {
  const { service, cycle, runner, task, metrics, now } = parts;
  /** What the page and /status.json show. */
  const view = (params: URLSearchParams) => {
    const last = cycle.lastFinishedAt();
    const next = task.getNextRun();
    const whole = statusViewOf({
      stacks: cycle.latest(),
      severity: parts.severity,
      ready: parts.ready(),
      ...(last ? { lastCycleFinishedAt: last } : {}),
      ...(next ? { nextRunAt: next } : {}),
    });
    return { view: whole, query: statusQueryOf(params) };
  };
  return {
    ready: parts.ready,
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    page: (params) => {
      const { view: v, query } = view(params);
      return renderStatusPage(v, query, parts.redact);
    },
    statusJson: (params) => {
      const { view: v, query } = view(params);
      return redactDeep({ ...v, stacks: filterStacks(v.stacks, query) }, parts.redact);
    },
    runNow: (): RunNowAnswer => {
      const busy = runner.isRunning();
      const wait = cooldownLeftSeconds(now(), runner.lastEndedAt(), service.runCooldownSeconds);
      if (!busy && wait > 0) return { result: "cooldown", retryAfterSeconds: wait };
      // Also when busy: the runner counts the skipped request.
      void runner.run("manual");
      return { result: busy ? "busy" : "started" };
    },
  };
}

/** Who may do what over HTTP: the Host names answered, and the tokens read from the environment. */
export function httpAccess(service: ServiceConfig, env: Env, logger: Logger): Omit<StatusServerOptions, "onError"> {
  const runToken = service.runTokenEnv ? env[service.runTokenEnv] : undefined;
  if (!runToken) logger.info({ runTokenEnv: service.runTokenEnv ?? null }, "POST /run disabled: no run token set");
  let readToken: string | undefined;
  if (service.readTokenEnv) {
    readToken = env[service.readTokenEnv];
    // Named but unset would leave the page and the metrics open: refuse to start instead.
    if (!readToken)
      throw new ConfigError(`service.readTokenEnv: environment variable ${service.readTokenEnv} is not set`);
  }
  return {
    allowedHosts: allowedHostNames(service.host, service.allowedHosts),
    ...(runToken ? { runToken } : {}),
    ...(readToken ? { readToken } : {}),
  };
}
