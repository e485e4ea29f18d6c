// Delivers journaled audit events: whatever earlier runs could not deliver comes first, strictly
// in order. When the tracker stays down (after the client's retries), the rest stays in the
// journal for a later attempt; healing never waits for GitHub. Delivery is idempotent per event,
// so a replay after a crash adds nothing twice.
import { httpStatusOf, networkErrorWords } from "../core/network-error.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { Journal, JournalUpkeep } from "./journal.js";
import { deliverEvent } from "./deliver-event.js";
import { deliveryLookup } from "./delivery-lookup.js";
import type { IssueTracker } from "./issue-tracker.js";
import { stackPath } from "../core/stack-id.js";

export interface DeliveryResult {
  /** The tracking issue each stack's events went to, keyed "project/stack". */
  issues?: Record<string, TrackedIssue>;
  delivered: number;
  queued: number;
  rejected: number;
  error?: string;
  /** The journal's size after the run, and whether it was compacted (set by the audit trail's settle). */
  journal?: JournalUpkeep;
}

/** GitHub said the event itself is invalid: retrying cannot help. */
function isPermanent(err: unknown): boolean {
  return httpStatusOf(err) === 422;
}

/**
 * A request that got no HTTP response at all (Octokit reports it as status 500): what went
 * wrong on the network, and with which host, e.g. "connection refused to 127.0.0.1:8443".
 */
function networkFailure(err: unknown): string | undefined {
  const failed = err as { response?: unknown; request?: { url?: unknown } } | null;
  if (!failed || failed.response !== undefined) return undefined;
  const words = networkErrorWords(err);
  if (!words) return undefined;
  const url = typeof failed.request?.url === "string" ? failed.request.url : undefined;
  return url ? `${words} to ${new URL(url).host}` : words;
}

function describe(err: unknown): string {
  const network = networkFailure(err);
  if (network) return network;
  const status = httpStatusOf(err);
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return status ? `HTTP ${status}: ${message}` : (message ?? "unknown error");
}

/**
 * Delivers the journal's undelivered events to the tracker, strictly in order, recording each
 * delivery. A rejected event (422) is set aside; any other failure stops delivery, leaving the
 * rest journaled for the next attempt. `reopenWithinMs` says, per stack, how soon a returning
 * drift reopens its episode's issue.
 */
export async function deliverPending(
  tracker: IssueTracker,
  journal: Journal,
  labels: readonly string[],
  opts: {
    redact?: (text: string) => string;
    reopenWithinMs?: (project: string, stack: string) => number;
    now?: () => Date;
  } = {},
): Promise<DeliveryResult> {
  const redact = opts.redact ?? ((t: string) => t);
  let delivered = 0;
  let rejected = 0;
  const issues: Record<string, TrackedIssue> = {};
  // This run's lookups: answers to a flood of commands share one.
  const lookup = deliveryLookup(tracker);
  for (const event of journal.pending()) {
    try {
      const reopenWithinMs = opts.reopenWithinMs?.(event.project, event.stack);
      const clock = opts.now ? { now: opts.now } : {};
      const issue = await deliverEvent(tracker, event, labels, {
        ...clock,
        ...(reopenWithinMs ? { reopenWithinMs } : {}),
        lookup: (e) => lookup.find(e),
      }).finally(() => lookup.settled(event));
      if (issue) issues[stackPath(event)] = issue;
      journal.delivered(event.id);
      delivered++;
    } catch (err) {
      if (isPermanent(err)) {
        journal.rejected(event, redact(describe(err)));
        rejected++;
        continue;
      }
      const queued = journal.pending().length;
      return { ...withIssues(issues), delivered, queued, rejected, error: redact(describe(err)) };
    }
  }
  return { ...withIssues(issues), delivered, queued: 0, rejected };
}

function withIssues(issues: Record<string, TrackedIssue>): { issues?: Record<string, TrackedIssue> } {
  return Object.keys(issues).length > 0 ? { issues } : {};
}
