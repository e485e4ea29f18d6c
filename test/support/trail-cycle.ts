// One reconcile of the first configured stack on the real engine, told to its audit trail, then
// settled: the cycle the engine tests of history and steering run again and again.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { createAuditTrail } from "../../reconciler/audit/audit-trail.js";
import type { GitHubClientOptions } from "../../reconciler/audit/github-client.js";
import type { Clock } from "../../reconciler/core/clock.js";
import type { Env } from "../../reconciler/core/loaded-config.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile, type RunOptions } from "../../reconciler/engine/run-stacks.js";

export interface TrailCycleOptions {
  env?: Env;
  /** The run's clock (default: the system's). */
  now?: Clock;
  client?: GitHubClientOptions;
  /** Who changed the drift (engine/attribute-drift.ts): the audit logs to read. */
  attribution?: RunOptions["attribution"];
  /** Where the audit trail's warnings go. */
  warn?: (message: string) => void;
}

export async function trailCycle(configPath: string, cli: PulumiCommand, opts: TrailCycleOptions = {}) {
  const env = opts.env ?? {};
  const clock = opts.now ? { now: opts.now } : {};
  const config = await loadConfig(configPath, env);
  const trail = createAuditTrail(config, {
    env,
    ...clock,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.warn ? { warn: opts.warn } : {}),
  });
  const attribution = opts.attribution ? { attribution: opts.attribution } : {};
  const [outcome] = await reconcile({
    config,
    env,
    ...clock,
    ...attribution,
    pulumiCommand: cli,
    trail: trail.forStack,
  });
  const delivery = await trail.settle();
  if (!outcome) throw new Error("no outcome");
  return { outcome, delivery };
}
