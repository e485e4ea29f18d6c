// One cycle of the service: reconcile the owned stacks, deliver their audit events, update
// the metrics and the latest state per stack (what the status page shows). A failed cycle
// becomes a result with its error; nothing escapes.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AuditTrail } from "../audit/audit-trail.js";
import { publishDashboard } from "../audit/publish-dashboard.js";
import type { Clock } from "../core/clock.js";
import type { Env, LoadedConfig, LoadedStack } from "../core/loaded-config.js";
import { stackIdOf, stackKey, stackPath, type StackId } from "../core/stack-id.js";
import type { Shard } from "../core/shard.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import { reconcile, type RunOptions } from "../engine/run-stacks.js";
import { stackCache } from "../engine/stack-cache.js";
import type { HistoryEntry } from "../core/status-view.js";
import type { CycleReason, CycleResult } from "./cycle-runner.js";
import { stackHistory, statusHistoryFile } from "./stack-history.js";
import type { DurableFiles } from "../core/durable-file.js";
import { diskFiles } from "../files/durable-files.js";
import type { ReconcilerMetrics } from "./metrics.js";
import type { Redact } from "../core/redact.js";

export interface StackState {
  outcome?: StackOutcome;
  issue?: TrackedIssue;
}

/** A stack as the status page shows it: its identity, its latest state and its last outcomes; `key` is project/stack. */
export type LatestStack = {
  id: StackId;
  key: string;
  project: string;
  stack: string;
  history: readonly HistoryEntry[];
} & StackState;

export interface ServiceCycleDeps {
  config: LoadedConfig;
  /** The stacks this process owns (after --stack and --shard), in the configured order. */
  stacks: readonly LoadedStack[];
  audit: AuditTrail;
  metrics: ReconcilerMetrics;
  logger: Logger;
  now: Clock;
  env: Env;
  pulumiCommand?: PulumiCommand;
  attribution?: RunOptions["attribution"];
  /** The service's output redactor, built once (core/redact.ts). */
  redact?: Redact;
  /** The shard whose section of the drift dashboard this service writes (audit.github.dashboard). */
  dashboardShard?: Shard;
  /** Where the status page's timeline is kept between restarts; default: the local disk. */
  files?: DurableFiles;
}

export interface ServiceCycle {
  run(signal: AbortSignal, reason: CycleReason): Promise<CycleResult>;
  /** The latest outcome, tracking issue and last outcomes per owned stack, in the configured order. */
  latest(): LatestStack[];
  lastFinishedAt(): Date | undefined;
}

export function createServiceCycle(deps: ServiceCycleDeps): ServiceCycle {
  const { config, logger, now, metrics } = deps;
  const ids = deps.stacks.map((s) => stackIdOf(s));
  // Keyed by the whole identity: two owned stacks may share a name, or a project and a name.
  const latest = new Map<string, StackState>(ids.map((id) => [stackKey(id), {}]));
  // The run covers exactly the owned stacks.
  const owned: LoadedConfig = { ...config, stacks: [...deps.stacks] };
  // Each stack is opened once for the life of the service, not every cycle.
  const stacks = stackCache();
  const history = stackHistory(ids.map(stackKey), undefined, {
    file: statusHistoryFile(config.audit.dir),
    files: deps.files ?? diskFiles,
    warn: (message) => logger.warn(message),
  });
  let lastFinishedAt: Date | undefined;

  const record = (outcomes: readonly StackOutcome[], issues: Record<string, TrackedIssue> | undefined) => {
    for (const o of outcomes) {
      const key = stackKey(o.report);
      const issue = issues?.[stackPath(o)] ?? latest.get(key)?.issue;
      latest.set(key, { outcome: o, ...(issue ? { issue } : {}) });
      history.add(key, o);
    }
    history.save();
    const open = [...latest.values()].filter(
      (s) => s.outcome && s.outcome.report.drift.length > 0 && s.outcome.outcome !== "healed",
    );
    metrics.setOpenIssues(open.length);
  };

  /** The shard's section of the dashboard, from the latest outcome of every owned stack. */
  const dashboard = async (shard: Shard, log: Logger) => {
    const outcomes = [...latest.values()].flatMap((s) => (s.outcome ? [s.outcome] : []));
    const redact = deps.redact ? { redact: deps.redact } : {};
    const result = await publishDashboard({ config, env: deps.env, shard, outcomes, now, ...redact });
    if (result && !result.written) log.warn({ error: result.error }, "dashboard not written");
    else if (result?.written && result.writes.length > 0)
      log.info({ issue: result.issue, writes: result.writes }, "dashboard written");
  };

  const run = async (signal: AbortSignal, reason: CycleReason): Promise<CycleResult> => {
    const log = logger.child({ runId: randomUUID() });
    const startedAt = now();
    log.info({ reason, stacks: deps.stacks.length }, "cycle started");
    try {
      const outcomes = await reconcile({
        config: owned,
        signal,
        logger: log,
        now,
        env: deps.env,
        trail: deps.audit.forStack,
        stackCache: stacks,
        ...(deps.pulumiCommand ? { pulumiCommand: deps.pulumiCommand } : {}),
        ...(deps.attribution ? { attribution: deps.attribution } : {}),
        ...(deps.redact ? { redact: deps.redact } : {}),
      });
      const delivery = await deps.audit.settle();
      if (delivery.queued > 0)
        log.warn({ queued: delivery.queued, error: delivery.error }, "audit events queued in the journal");
      record(outcomes, delivery.issues);
      if (delivery.journal) {
        metrics.recordJournal(delivery.journal);
        if (delivery.journal.compacted) log.info({ ...delivery.journal }, "audit journal compacted");
      }
      if (deps.dashboardShard) await dashboard(deps.dashboardShard, log);
      const finishedAt = now();
      metrics.recordCycle(outcomes, config.severity, finishedAt);
      lastFinishedAt = finishedAt;
      log.info({ durationMs: finishedAt.getTime() - startedAt.getTime() }, "cycle finished");
      return { startedAt, finishedAt, outcomes, delivery };
    } catch (err) {
      metrics.recordCycleFailure();
      log.error({ error: err instanceof Error ? err.message : String(err) }, "cycle failed");
      return { startedAt, finishedAt: now(), outcomes: [], error: String(err) };
    }
  };

  return {
    run,
    latest: () =>
      ids.map((id) => ({
        id,
        key: stackPath(id),
        project: id.project,
        stack: id.stack,
        history: history.of(stackKey(id)),
        ...latest.get(stackKey(id)),
      })),
    lastFinishedAt: () => lastFinishedAt,
  };
}
