// One stack's audit trail for one run (core/stack-trail.ts), on the journal: each stage's events
// are journaled as the stage happens, then delivered. "Healing started" is journaled before
// `up` and told only once `up` is about to change a resource, so a run that finds the stack
// locked (busy), or already healed by another run, adds no heal event; a heal journaled as
// started without a result (the process died) is found at the start of the next run and told
// as interrupted.
import type { Clock } from "../core/clock.js";
import { redactDeep, type Redact } from "../core/redact.js";
import type { SeverityRule } from "../core/config-schema.js";
import { parseDuration } from "../core/duration.js";
import { noHistory, type StackHistory } from "../core/stack-history.js";
import { stackPath, type StackId } from "../core/stack-id.js";
import type { StackTrail } from "../core/stack-trail.js";
import type { DriftReport } from "../core/drift-report.js";
import { driftFingerprint } from "../core/fingerprint.js";
import type { AuditEvent } from "./audit-events.js";
import type { IssueTracker } from "./issue-tracker.js";
import type { Journal } from "./journal.js";
import { recallEpisode, withJournaledEpisode, withJournaledHeals } from "./recall-history.js";
import { readIssueCommands } from "./read-commands.js";
import { appliedAnswer } from "./command-answers.js";
import type { RepositoryRole } from "./issue-tracker.js";
import type { SteerCommand } from "../core/steer-command.js";
import {
  detectionEvents,
  healInterruptedEvent,
  healResultEvent,
  healStuckEvent,
  healStartedEvent,
  lateAttributionEvents,
  lockClearedEvent,
} from "./stage-events.js";
import type { StageContext } from "./stage-context.js";

export interface TrailDelivery {
  /** Starts a delivery of everything pending (after the one running), resolving when it is done. */
  deliver(): Promise<void>;
  /** The same, waiting at most the delivery budget. */
  deliverWithin(): Promise<void>;
  /** The tracker failed this run: history comes from the journal. */
  isDown(): boolean;
  /** A read from the tracker, given the delivery budget; undefined when it took longer (the tracker is then taken as down). */
  withinBudget<T>(read: Promise<T>): Promise<T | undefined>;
  /** A read failed: the tracker is down for the rest of the run. */
  markDown(): void;
}

interface JournaledTrailDeps {
  identity: StackId;
  journal: Journal;
  tracker: IssueTracker;
  delivery: TrailDelivery;
  now: Clock;
  severityRules: readonly SeverityRule[];
  /** policy.flapping.window: how far back heals are remembered. */
  window: string;
  /**
   * The run's output redactor (core/redact.ts): what events show is redacted before it is cut,
   * and every event again before it is journaled.
   */
  redact?: Redact;
  runUrl?: string;
  /** owner/name of the tracking issues' repository ("local" for the local trail). */
  repository?: string;
  /** A person's role on the repository, asked once a cycle (read-commands.ts). */
  permissionOf?: (login: string) => Promise<RepositoryRole>;
  /** The stack's commands given with `reconciler hold|approve|resume` (local-commands.ts). */
  localCommands?: () => SteerCommand[];
  /** audit.github.repliesPerCycle: most written answers to commands on the issue in one cycle. */
  repliesPerCycle?: number;
  /** audit.github.reactionsPerCycle: most reactions to commands from people who cannot steer, a cycle. */
  reactionsPerCycle?: number;
  /** The run's warnings (commands left unanswered). */
  warn?: (message: string) => void;
}

type HealStarted = Extract<AuditEvent, { kind: "heal-started" }>;

/** The one line that says a flood was read past without answering all of it. */
function unansweredWarning(identity: StackId, issue: number, count: number): string {
  return (
    `${stackPath(identity)}: ${count} commands from people without write access on issue #${issue} left ` +
    "unanswered (audit.github.reactionsPerCycle reached); they never count"
  );
}

export function journaledTrail(deps: JournaledTrailDeps): StackTrail {
  const { identity, journal, delivery, now } = deps;
  const ctx: StageContext = {
    project: identity.project,
    stack: identity.stack,
    severityRules: deps.severityRules,
    window: deps.window,
    ...(deps.runUrl ? { runUrl: deps.runUrl } : {}),
    ...(deps.redact ? { redact: deps.redact } : {}),
  };
  const redact = deps.redact ?? ((text: string) => text);
  const redactEvent = (event: AuditEvent) => redactDeep(event, redact);
  const tell = (event: AuditEvent | undefined) => {
    if (event && !journal.has(event.id)) journal.append(redactEvent(event));
  };
  let history: StackHistory = noHistory;
  /** Answers to people's commands read this cycle, told after the detection's own events. */
  let answers: AuditEvent[] = [];
  const tellAnswers = () => {
    answers.forEach(tell);
    answers = [];
  };
  let started: HealStarted | undefined;
  let running = false;

  const permissionOf = deps.permissionOf ?? (async () => "none" as const);

  /** History and people's commands from the tracker; the journal's copy when it is down. */
  const recallHistory = async (): Promise<StackHistory> => {
    const cached = journal.recall(identity) ?? noHistory;
    if (delivery.isDown()) return cached;
    try {
      const windowStart = new Date(now().getTime() - parseDuration(deps.window));
      const read = async (): Promise<StackHistory> => {
        const { history: episode, open, notes } = await recallEpisode(deps.tracker, identity, windowStart);
        if (!open) return episode;
        const previous = {
          commands: cached.commands ?? [],
          ...(cached.commandsRead ? { read: cached.commandsRead } : {}),
          notes,
        };
        const ctxNow = {
          ...ctx,
          repository: deps.repository ?? "the repository",
          now: now().toISOString(),
          ...(deps.repliesPerCycle ? { repliesPerCycle: deps.repliesPerCycle } : {}),
          ...(deps.reactionsPerCycle !== undefined ? { reactionsPerCycle: deps.reactionsPerCycle } : {}),
        };
        const reading = await readIssueCommands(deps.tracker, open, previous, permissionOf, ctxNow);
        if (reading.unanswered > 0) deps.warn?.(unansweredWarning(identity, open.number, reading.unanswered));
        // Answered behind the trail's own events: journaled with the detection (or the outcome).
        answers = reading.answers;
        return { ...episode, commands: reading.commands, commandsRead: reading.read };
      };
      const fresh = await delivery.withinBudget(read());
      if (!fresh) return cached;
      if (JSON.stringify(fresh) !== JSON.stringify(cached)) journal.remember(identity, fresh);
      return fresh;
    } catch {
      // The tracker is down: decide with what was last read back (holds included), never with nothing.
      delivery.markDown();
      return cached;
    }
  };

  /** The commands on the issue and those given locally, together. */
  const withLocalCommands = (history: StackHistory): StackHistory => {
    const local = deps.localCommands?.() ?? [];
    return local.length > 0 ? { ...history, commands: [...(history.commands ?? []), ...local] } : history;
  };

  /**
   * The drift the issue shows from now on, kept with the history: a command given locally applies
   * to it (cli/local-steer-command.ts), even before the tracker is read again.
   */
  const rememberShown = (report: DriftReport) => {
    if (report.drift.length === 0) return;
    const fingerprint = driftFingerprint(report.drift);
    const cached = journal.recall(identity) ?? noHistory;
    if (cached.fingerprint !== fingerprint) journal.remember(identity, { ...cached, fingerprint });
  };

  return {
    async recall() {
      for (const open of journal.openHeals()) {
        if (open.project !== identity.project || open.stack !== identity.stack) continue;
        tell(healInterruptedEvent(open, now().toISOString()));
        journal.closeHeal(open.attempt);
      }
      const pending = journal.pending();
      history = withLocalCommands(
        withJournaledEpisode(withJournaledHeals(await recallHistory(), pending), pending, identity),
      );
      return history;
    },
    async detected(report, decision) {
      const events = detectionEvents(report, decision, history, ctx);
      events.filter((e) => e.kind !== "steering").forEach(tell);
      tellAnswers();
      events.filter((e) => e.kind === "steering").forEach(tell);
      // A command given locally is told on the trail once, after the detection that opens the issue.
      for (const command of history.commands ?? []) {
        if (command.id.startsWith("local-")) tell(appliedAnswer(ctx, command, command.at));
      }
      rememberShown(report);
      await delivery.deliverWithin();
    },
    async attributed(late, at) {
      for (const event of lateAttributionEvents(late, at, ctx)) tell(event);
      await delivery.deliverWithin();
    },
    async healStarting(report, decision) {
      started = healStartedEvent(report, decision, ctx);
      tell(started);
      journal.hold(started.id);
    },
    healRunning() {
      if (!started) return;
      running = true;
      journal.release(started.id);
      void delivery.deliver();
    },
    async finished(raw) {
      const outcome = redactDeep(raw, redact);
      tellAnswers();
      tell(lockClearedEvent(outcome, ctx));
      tell(healStuckEvent(outcome, ctx));
      if (started) {
        if (!running && (outcome.heal?.failure === "busy" || outcome.outcome === "healed")) {
          // The heal never changed anything: another update held the stack, or had healed it first.
          journal.cancelHeal(started);
        } else {
          journal.release(started.id);
          tell(healResultEvent(outcome, started, now().toISOString()));
          journal.closeHeal(started.attempt);
        }
      }
      await delivery.deliverWithin();
    },
  };
}
