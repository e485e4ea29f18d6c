// Delivers the journal's told events to every notification sink, each on its own: its own
// position (sink-position.ts), its own order, its own retries, so a sink that is down or slow
// delays no other sink, no tracker and no heal (the stages only nudge; nothing waits for a
// sink but settle(), and settle() only for its budget). Per event: a 5xx, 408 or network error
// is retried with backoff (retryDelayMs), a 429 after its Retry-After; when the retries run out
// the sink pauses (pauseMs) and the event waits in the journal for a later round or run. Any
// other 4xx is dead-lettered with its reason and the sink goes on. A crash between a send and
// its record sends that event again, with the same delivery id: receivers de-duplicate on it.
import type { Clock } from "../core/clock.js";
import type { Severity } from "../core/config-schema.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { AuditEvent } from "../audit/audit-events.js";
import { beforeDeadline } from "../engine/before-deadline.js";
import type { Journal } from "../audit/journal.js";
import { notificationOf, type Notification } from "./notification.js";
import type { NotifySink } from "./notify-sinks.js";
import { postNotification, type PostResult } from "./post-notification.js";
import type { SinkPosition } from "./sink-position.js";
import { stackPath } from "../core/stack-id.js";
import type { StackId } from "../core/stack-id.js";

export interface SinkDelivery {
  sink: string;
  delivered: number;
  deadLettered: number;
  /** Events for this sink still waiting in the journal. */
  queued: number;
  error?: string;
}

export interface Notifier {
  /** Starts a delivery round for each sink that is not running or paused. Never waits. */
  nudge(): void;
  /** One more round, waited at most the budget; what still runs then is stopped (its events wait). */
  settle(): Promise<SinkDelivery[]>;
}

export interface NotifierDeps {
  sinks: readonly { sink: NotifySink; position: SinkPosition }[];
  journal: Journal;
  issueOf(id: Pick<StackId, "project" | "stack">): TrackedIssue | undefined;
  now: Clock;
  redact: (text: string) => string;
  warn: (message: string) => void;
  /** Retries of one event within a round (default 3). */
  retries?: number;
  /** The unit of retryDelayMs and pauseMs (default 1000 ms). */
  retryBaseMs?: number;
  /** A Retry-After longer than this pauses the sink instead of waiting in the round (default 30 s). */
  maxInlineWaitMs?: number;
  requestTimeoutMs?: number;
  /** How long settle() waits for the sinks (default 10 s). */
  settleBudgetMs?: number;
}

/** Before retry n (1, 2, 3, …) of one event: base × n² (1 s, 4 s, 9 s), as the GitHub client. */
export function retryDelayMs(retry: number, baseMs: number): number {
  return baseMs * retry * retry;
}

/** After `failures` failed rounds in a row: base × 4^(failures−1), at most base × 300 (5 min). */
export function pauseMs(failures: number, baseMs: number): number {
  return Math.min(baseMs * 4 ** Math.max(0, failures - 1), baseMs * 300);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Each stack's drift severity as of each event, for events that carry none (a resolved drift). */
function withSeverities(events: readonly AuditEvent[]): { event: AuditEvent; severity?: Severity }[] {
  const last = new Map<string, Severity>();
  return events.map((event) => {
    const key = stackPath(event);
    if (event.kind === "drift-detected") last.set(key, event.severity);
    const severity = last.get(key);
    return severity ? { event, severity } : { event };
  });
}

interface SinkState {
  sink: NotifySink;
  position: SinkPosition;
  chain: Promise<void>;
  running: boolean;
  again: boolean;
  pausedUntil: number;
  failures: number;
  delivered: number;
  deadLettered: number;
  error?: string;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const retries = deps.retries ?? 3;
  const baseMs = deps.retryBaseMs ?? 1000;
  const maxInlineWaitMs = deps.maxInlineWaitMs ?? 30_000;
  const requestTimeoutMs = deps.requestTimeoutMs ?? 10_000;
  const budgetMs = deps.settleBudgetMs ?? 10_000;
  let stop = new AbortController();
  let compacted = false;
  const states: SinkState[] = deps.sinks.map(({ sink, position }) => ({
    sink,
    position,
    chain: Promise.resolve(),
    running: false,
    again: false,
    pausedUntil: 0,
    failures: 0,
    delivered: 0,
    deadLettered: 0,
  }));

  const pendingFor = (state: SinkState): Notification[] =>
    withSeverities(deps.journal.told())
      .filter(({ event }) => !state.position.done(event.id))
      // A command refused or not understood is answered on the issue only: chat hears what was decided.
      .filter(({ event }) => !(event.kind === "steering" && event.reaction === "confused"))
      .map(({ event, severity }) => {
        const issueUrl = deps.issueOf(event)?.url;
        return notificationOf(event, { ...(severity ? { severity } : {}), ...(issueUrl ? { issueUrl } : {}) });
      })
      .filter((n) => state.sink.wants(n));

  const send = async (state: SinkState, n: Notification, signal: AbortSignal): Promise<PostResult> => {
    for (let attempt = 0; ; attempt++) {
      const { url, body, headers } = state.sink.request(n, deps.now());
      const timeout = AbortSignal.timeout(requestTimeoutMs);
      const result = await postNotification({
        url,
        body,
        headers,
        signal: AbortSignal.any([signal, timeout]),
        now: deps.now,
        redact: deps.redact,
      });
      if (result.result !== "retry" || attempt >= retries || signal.aborted) return result;
      const wait = result.retryAfterMs ?? retryDelayMs(attempt + 1, baseMs);
      if (wait > maxInlineWaitMs) return result;
      await sleep(wait, signal);
      if (signal.aborted) return result;
    }
  };

  const round = async (state: SinkState, signal: AbortSignal): Promise<void> => {
    for (const n of pendingFor(state)) {
      if (signal.aborted) return;
      const result = await send(state, n, signal);
      const at = deps.now().toISOString();
      if (result.result === "delivered") {
        state.position.sent(n.id, at);
        state.delivered++;
        continue;
      }
      // Stopped by settle(): not the sink's failure; the event waits in the journal.
      if (signal.aborted) return;
      const reason = deps.redact(result.reason);
      if (result.result === "refused") {
        state.position.dead(n.id, at, reason, n);
        state.deadLettered++;
        deps.warn(
          `notify ${state.sink.name}: ${n.kind} event ${n.id} refused, kept in notify-${state.sink.name}.dead.jsonl: ${reason}`,
        );
        continue;
      }
      state.failures++;
      const pause = Math.max(result.retryAfterMs ?? 0, pauseMs(state.failures, baseMs));
      state.pausedUntil = deps.now().getTime() + pause;
      if (state.error === undefined) {
        deps.warn(`notify ${state.sink.name}: delivery failed, events wait in the journal: ${reason}`);
      }
      state.error = reason;
      return;
    }
    state.failures = 0;
    delete state.error;
  };

  const start = (state: SinkState) => {
    if (state.running) {
      state.again = true;
      return;
    }
    if (deps.now().getTime() < state.pausedUntil) return;
    state.running = true;
    const signal = stop.signal;
    state.chain = (async () => {
      try {
        do {
          state.again = false;
          await round(state, signal);
        } while (state.again && !signal.aborted && state.error === undefined);
      } catch (err) {
        state.error = deps.redact(err instanceof Error ? err.message : String(err));
        deps.warn(`notify ${state.sink.name}: delivery stopped: ${state.error}`);
      } finally {
        state.running = false;
      }
    })();
  };

  const compactOnce = () => {
    if (compacted) return;
    compacted = true;
    const ids = new Set(deps.journal.told().map((e) => e.id));
    for (const { position } of states) position.compact(ids);
  };

  return {
    nudge: () => {
      compactOnce();
      states.forEach(start);
    },
    settle: async () => {
      // A long-running service compacts the positions each cycle (each file's own bound says when).
      compacted = false;
      compactOnce();
      states.forEach(start);
      await beforeDeadline(Promise.all(states.map((s) => s.chain)), budgetMs, undefined);
      stop.abort();
      await Promise.all(states.map((s) => s.chain));
      stop = new AbortController();
      const results = states.map((state) => {
        const queued = pendingFor(state).length;
        const result: SinkDelivery = {
          sink: state.sink.name,
          delivered: state.delivered,
          deadLettered: state.deadLettered,
          queued,
          ...(queued > 0 ? { error: state.error ?? "not delivered within the delivery budget" } : {}),
        };
        state.delivered = 0;
        state.deadLettered = 0;
        return result;
      });
      return results;
    },
  };
}
