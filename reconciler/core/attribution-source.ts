// The one interface every audit log is read through (CloudTrail, the fixture cloud's activity
// log; Azure Activity Log and GCP Cloud Audit Logs have the same shape), and what the step
// hands the audit trail when an answer comes in on a later cycle. Types only.
import type { Attribution } from "./attribution.js";
import type { LookupAnswer } from "./attribution-rules.js";

/** One drifted resource to look up, and the window to search. */
export interface AttributionTarget {
  urn: string;
  name: string;
  type: string;
  /** The physical id from the refreshed state (security group id, load balancer ARN, …). */
  resourceId: string;
  since: Date;
  until: Date;
}

/** Where a source finds the stack's credentials and settings: the stack's own, never the reconciler's. */
export interface SourceContext {
  /** The stack's own environment (its env and passEnv): credentials, AWS_REGION, FIXTURE_CLOUD_DIR, … */
  env: Readonly<Record<string, string>>;
  /** One stack config value (aws:region); undefined when not set. */
  config(key: string): Promise<string | undefined>;
  /** Aborted when the cycle's time budget is spent. */
  signal: AbortSignal;
  /** Takes one request from the cycle's budget before each request; false: none left, stop asking. */
  takeRequest(): boolean;
}

export interface ActivitySource {
  /** The provider whose resource types it answers for: the first part of the type token (aws, fixture). */
  provider: string;
  /** Its name in reports: cloudtrail, fixture-activity-log. */
  name: string;
  /** Write calls on the resource within the window. Never throws: a failure is an answer. */
  lookup(target: AttributionTarget, ctx: SourceContext): Promise<LookupAnswer>;
}

/** An attribution found on a later cycle than the one that saw its drift: added to the issue once. */
export interface LateAttribution {
  urn: string;
  name: string;
  type: string;
  attribution: Attribution;
  /** When the drift was first looked up: its episode. */
  firstTriedAt: string;
}
