// The audit trail with its notification sinks (reconciler.yaml → notify): one journal in
// audit.dir feeds the tracker (GitHub issues or the local trail) and every sink, each with its
// own position. Each stage of a stack's reconcile is journaled and told to the tracker as
// before; then the sinks are nudged, never waited for. settle() settles the tracker, then gives
// the sinks their budget. Without sinks this is exactly the audit trail.
import { systemClock } from "../core/clock.js";
import { configSecrets } from "../core/config-secrets.js";
import type { LoadedConfig } from "../core/loaded-config.js";
import { createRedactor } from "../core/redact.js";
import type { StackTrail } from "../core/stack-trail.js";
import { createAuditTrail, type AuditTrail, type AuditTrailOptions } from "../audit/audit-trail.js";
import type { DeliveryResult } from "../audit/deliver-audit-events.js";
import { fileJournal } from "../audit/journal.js";
import { createNotifier, type NotifierDeps, type SinkDelivery } from "./notifier.js";
import { notificationOf } from "./notification.js";
import { notifySinks } from "./notify-sinks.js";
import { sinkPosition } from "./sink-position.js";

export type NotifyingDeliveryResult = DeliveryResult & { notifications?: SinkDelivery[] };

export interface NotifyingAuditTrail extends AuditTrail {
  settle(): Promise<NotifyingDeliveryResult>;
}

export type NotifyOptions = Partial<
  Pick<NotifierDeps, "retries" | "retryBaseMs" | "maxInlineWaitMs" | "requestTimeoutMs" | "settleBudgetMs">
>;

/** Tells the sinks after each stage: the stage itself (and so the heal) never waits for them. */
function nudgingTrail(inner: StackTrail, nudge: () => void): StackTrail {
  return {
    recall: async () => {
      const history = await inner.recall();
      nudge();
      return history;
    },
    detected: async (report, decision) => {
      await inner.detected(report, decision);
      nudge();
    },
    healStarting: (report, decision) => inner.healStarting(report, decision),
    healRunning: () => {
      inner.healRunning();
      nudge();
    },
    finished: async (outcome) => {
      await inner.finished(outcome);
      nudge();
    },
  };
}

export function createNotifyingAuditTrail(
  config: LoadedConfig,
  opts: AuditTrailOptions & { notify?: NotifyOptions },
): NotifyingAuditTrail {
  // Read before the journal, so a missing variable fails before anything is written.
  const sinks = notifySinks(config.notify, opts.env);
  if (sinks.length === 0) return createAuditTrail(config, opts);
  const dir = config.audit.dir;
  const warn = opts.warn ?? (() => undefined);
  const positioned = sinks.map((sink) => ({ sink, position: sinkPosition(dir, sink.name, warn) }));
  // Compaction keeps what a sink has not delivered yet (whatever its filters: cheap and safe).
  const journal =
    opts.journal ??
    fileJournal(dir, warn, {
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.journalBound ? { bound: opts.journalBound } : {}),
      retain: (event) =>
        positioned.some(
          ({ sink, position }) => position.started() && !position.done(event.id) && sink.wants(notificationOf(event)),
        ),
    });
  const now = opts.now ?? systemClock;
  // A sink seen for the first time starts here: it is not sent the journal's past.
  const past = journal.told().map((e) => e.id);
  for (const { position } of positioned) position.start(past, now().toISOString());
  const redact = opts.redact ?? createRedactor(configSecrets(config, opts.env));
  const trail = createAuditTrail(config, { ...opts, journal, redact });
  const notifier = createNotifier({
    ...opts.notify,
    sinks: positioned,
    journal,
    issueOf: (id) => trail.issueOf(id),
    now,
    redact,
    warn,
  });
  return {
    ...trail,
    forStack: (identity) => nudgingTrail(trail.forStack(identity), () => notifier.nudge()),
    settle: async () => {
      const delivery = await trail.settle();
      return { ...delivery, notifications: await notifier.settle() };
    },
  };
}
