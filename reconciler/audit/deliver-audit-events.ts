// Delivers a cycle's audit events: first what earlier cycles could not deliver, then the
// new ones, strictly in order. When the tracker stays down (after the client's retries),
// the rest waits in the outbox for a later cycle; healing never waits for GitHub.
// Delivery is idempotent per event, so a replay after a crash adds nothing twice.
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import type { AuditOutbox } from "./audit-outbox.js";
import { deliverEvent } from "./deliver-event.js";
import type { IssueTracker } from "./issue-tracker.js";

export interface DeliveryResult {
  /** The tracking issue each stack's events went to, keyed "project/stack". */
  issues?: Record<string, TrackedIssue>;
  delivered: number;
  queued: number;
  rejected: number;
  error?: string;
}

function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub said the event itself is invalid: retrying cannot help. */
function isPermanent(err: unknown): boolean {
  return httpStatusOf(err) === 422;
}

function describe(err: unknown): string {
  const status = httpStatusOf(err);
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return status ? `HTTP ${status}: ${message}` : (message ?? "unknown error");
}

export async function deliverAuditEvents(
  tracker: IssueTracker,
  outbox: AuditOutbox,
  events: readonly AuditEvent[],
  labels: readonly string[],
  redact: (text: string) => string = (t) => t,
): Promise<DeliveryResult> {
  const queue = [...outbox.read(), ...events];
  let delivered = 0;
  let rejected = 0;
  const issues: Record<string, TrackedIssue> = {};
  for (let i = 0; i < queue.length; i++) {
    const event = queue[i] as AuditEvent;
    try {
      const issue = await deliverEvent(tracker, event, labels);
      if (issue) issues[`${event.project}/${event.stack}`] = issue;
      delivered++;
    } catch (err) {
      if (isPermanent(err)) {
        outbox.deadLetter(event, redact(describe(err)));
        rejected++;
        continue;
      }
      const rest = queue.slice(i);
      outbox.replace(rest);
      return { ...withIssues(issues), delivered, queued: rest.length, rejected, error: redact(describe(err)) };
    }
  }
  outbox.replace([]);
  return { ...withIssues(issues), delivered, queued: 0, rejected };
}

function withIssues(issues: Record<string, TrackedIssue>): { issues?: Record<string, TrackedIssue> } {
  return Object.keys(issues).length > 0 ? { issues } : {};
}
