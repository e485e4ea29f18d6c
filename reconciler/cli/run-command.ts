// `reconciler detect` and `reconciler reconcile`: one run over the selected stacks, printed
// as a table, JSON or Markdown. Exit codes: 0 in sync (or healed and verified), 2 drift
// remains, 1 error.
import { attributionSources } from "./attribution-sources.js";
import type { NotifyingDeliveryResult } from "../notify/notifying-audit-trail.js";
import { systemClock } from "../core/clock.js";
import { configSecrets } from "../core/config-secrets.js";
import { detectExitCode, reconcileExitCode } from "../core/exit-code.js";
import { createRedactor, redactDeep, type Redact } from "../core/redact.js";
import { renderOutcomesMarkdown } from "../core/render-markdown.js";
import { renderTable } from "../core/render-table.js";
import { parseShard } from "../core/shard.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import { loadConfig } from "../engine/load-config.js";
import { detectWithDecisions, reconcile, type RunOptions } from "../engine/run-stacks.js";
import { progressPrinter } from "./progress-printer.js";
import type { ReconcilerEnv } from "./read-env.js";
import { abortOnStopSignals } from "./stop-signals.js";
import type { Logger } from "pino";
import { createLogger } from "../service/logger.js";

export interface StackFlags {
  config: string;
  stack?: string[];
  shard?: string;
}

export interface RunFlags extends StackFlags {
  json?: boolean;
  markdown?: boolean;
  verbose?: boolean;
  checkPending?: boolean;
}

/**
 * The CLI's logs go to stderr like the service's. A terminal command stays quiet by default
 * (warnings and errors); LOG_LEVEL=info adds the decisions, --verbose (debug) every engine call.
 */
function cliLogger(flags: RunFlags, env: ReconcilerEnv, redact: Redact): Logger {
  return createLogger({ level: flags.verbose ? "debug" : (env.logLevel ?? "warn"), redact });
}

function auditSummary(target: string, d: NotifyingDeliveryResult): string {
  const parts = [`${d.delivered} event(s) delivered to ${target}`];
  if (d.queued > 0) parts.push(`${d.queued} queued in the journal for the next run (${d.error ?? "unavailable"})`);
  if (d.rejected > 0) parts.push(`${d.rejected} rejected (see outbox-rejected.jsonl)`);
  return `audit: ${parts.join("; ")}\n${notifySummary(d)}`;
}

/** One line per notification sink, when there are any. */
function notifySummary(d: NotifyingDeliveryResult): string {
  return (d.notifications ?? [])
    .map((n) => {
      const parts = [`${n.delivered} event(s) delivered`];
      if (n.deadLettered > 0) parts.push(`${n.deadLettered} refused (see notify-${n.sink}.dead.jsonl)`);
      if (n.queued > 0) parts.push(`${n.queued} queued in the journal for the next run (${n.error ?? "unavailable"})`);
      return `notify ${n.sink}: ${parts.join("; ")}\n`;
    })
    .join("");
}

function print(outcomes: StackOutcome[], flags: RunFlags, detectOnly: boolean, redact: Redact): void {
  outcomes = redactDeep(outcomes, redact);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(detectOnly ? outcomes.map((o) => o.report) : outcomes, null, 2)}\n`);
  } else if (flags.markdown) {
    process.stdout.write(renderOutcomesMarkdown(outcomes));
  } else {
    process.stdout.write(`${renderTable(outcomes)}\n`);
  }
}

/** The run's stack selection from --stack and --shard (checked before any engine work). */
export function selection(flags: StackFlags): Pick<RunOptions, "stacks" | "shard"> {
  return {
    ...(flags.stack ? { stacks: flags.stack } : {}),
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
  };
}

export async function runCommand(flags: RunFlags, detectOnly: boolean, env: ReconcilerEnv): Promise<number> {
  const config = await loadConfig(flags.config, env.vars, { pulumiCliRoot: env.pulumiCliRoot });
  const redact = createRedactor(configSecrets(config, env.vars));
  const selected = selection(flags);
  const controller = abortOnStopSignals();
  const progress = process.stderr.isTTY && !flags.json ? progressPrinter(process.stderr) : undefined;
  const opts: RunOptions = {
    config,
    ...selected,
    env: env.vars,
    signal: controller.signal,
    logger: cliLogger(flags, env, redact),
    redact,
    ...(flags.checkPending ? { forcePendingCheck: true } : {}),
    attribution: { sources: attributionSources() },
    ...(env.pulumiCliRoot ? { pulumiCliRoot: env.pulumiCliRoot } : {}),
    ...(progress ? { onProgress: progress } : {}),
  };
  if (detectOnly) {
    const outcomes = await detectWithDecisions(opts);
    print(outcomes, flags, true, redact);
    return detectExitCode(outcomes);
  }
  // Built before any engine work, so a missing token fails the run before it starts.
  // Loaded on demand, like the service's modules: `detect` starts faster without them.
  const { createNotifyingAuditTrail } = await import("../notify/notifying-audit-trail.js");
  const audit = createNotifyingAuditTrail(config, {
    env: env.vars,
    redact,
    warn: (message) => opts.logger?.warn(message),
  });
  // Each stack's trail is written as its reconcile goes: the issue is open before its heal starts.
  const outcomes = await reconcile({ ...opts, trail: audit.forStack });
  print(outcomes, flags, false, redact);
  const delivery = await audit.settle();
  process.stderr.write(auditSummary(audit.target, delivery));
  // The dashboard shows a whole shard: a run of chosen stacks leaves it as it is.
  if (!flags.stack && config.audit.github?.dashboard) {
    const { publishDashboard, dashboardSummary } = await import("../audit/publish-dashboard.js");
    const shard = selected.shard ?? { index: 0, count: 1 };
    const dashboard = await publishDashboard({ config, env: env.vars, shard, outcomes, now: systemClock, redact });
    if (dashboard) process.stderr.write(dashboardSummary(dashboard));
  }
  return reconcileExitCode(outcomes);
}
