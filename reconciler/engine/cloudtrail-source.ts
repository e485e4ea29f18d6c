// AWS CloudTrail as an attribution source: LookupEvents by ResourceName = the resource's physical
// id, within the window, write events only. Region and credentials are the stack's own (its env
// and passEnv, its aws:region config), never the reconciler's. CloudTrail answers 2 requests a
// second per account and region and 50 events a page, and keeps 90 days: requests on one
// region and key are spaced at least 500 ms apart, each one taken from the cycle's budget, and
// the SDK does not retry (a throttled lookup is tried again on a later cycle). Read-only: the
// IAM policy needs cloudtrail:LookupEvents and nothing else.
import type { CloudTrailClient, Event } from "@aws-sdk/client-cloudtrail";
import type { AttributedChange } from "../core/attribution.js";
import type { LookupAnswer } from "../core/attribution-rules.js";
import type { ActivitySource, AttributionTarget, SourceContext } from "../core/attribution-source.js";
import { parseCloudTrailEvent } from "./cloudtrail-event.js";

/** At most this many pages per lookup: newest first, so the first pages hold what matters. */
const maxPages = 4;
/** CloudTrail's limit: 2 requests a second per account and region. */
export const cloudTrailMinIntervalMs = 500;

export interface CloudTrailSourceOptions {
  /** Waits between requests (tests pass a fake). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The time in ms, for spacing requests (default performance.now). */
  nowMs?: () => number;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });

/** The AWS SDK's CloudTrail client, loaded on the first lookup: a command that finds no AWS drift never loads it. */
const cloudTrailSdk = () => import("@aws-sdk/client-cloudtrail");

/** The client for the stack: its region, its credentials, its endpoint override. */
async function clientFor(ctx: SourceContext): Promise<{ client: CloudTrailClient; key: string } | string> {
  const env = ctx.env;
  const region = (await ctx.config("aws:region")) || env["AWS_REGION"] || env["AWS_DEFAULT_REGION"];
  if (!region) return "no region: set aws:region in the stack's config, or AWS_REGION in its env";
  const endpoint = env["AWS_ENDPOINT_URL_CLOUDTRAIL"] || env["AWS_ENDPOINT_URL"] || undefined;
  const keyId = env["AWS_ACCESS_KEY_ID"];
  const secret = env["AWS_SECRET_ACCESS_KEY"];
  const profile = env["AWS_PROFILE"];
  const base = { region, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) };
  if (!(keyId && secret) && !profile)
    return "no AWS credentials in the stack's env or passEnv (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)";
  const { CloudTrailClient } = await cloudTrailSdk();
  if (keyId && secret) {
    const sessionToken = env["AWS_SESSION_TOKEN"];
    const credentials = { accessKeyId: keyId, secretAccessKey: secret, ...(sessionToken ? { sessionToken } : {}) };
    return { client: new CloudTrailClient({ ...base, credentials }), key: `${region} ${keyId}` };
  }
  return { client: new CloudTrailClient({ ...base, profile }), key: `${region} profile ${profile}` };
}

/** A failure in words a reader can act on; never the request or a credential. */
export function cloudTrailFailure(err: unknown): Extract<LookupAnswer, { kind: "failed" }> {
  const name = err instanceof Error ? err.name : "";
  const code = (err as { code?: string } | undefined)?.code ?? "";
  if (/AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/.test(name))
    return {
      kind: "failed",
      why: "denied",
      reason: `CloudTrail denied the lookup (${name}): the stack's role needs cloudtrail:LookupEvents`,
    };
  if (/Throttling|TooManyRequests|RequestLimitExceeded/.test(name))
    return { kind: "failed", why: "throttled", reason: "CloudTrail throttled the lookup; tried again next cycle" };
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN/.test(code) || /Timeout|Abort/.test(name))
    return {
      kind: "failed",
      why: "unreachable",
      reason: `CloudTrail unreachable (${code || name}); tried again next cycle`,
    };
  return { kind: "failed", why: "error", reason: `CloudTrail lookup failed (${name || "error"})` };
}

function writeChanges(events: readonly Event[]): AttributedChange[] {
  return events.flatMap((event) => {
    if (event.ReadOnly === "true") return [];
    const change = parseCloudTrailEvent(event);
    return change ? [change] : [];
  });
}

export function cloudTrailSource(opts: CloudTrailSourceOptions = {}): ActivitySource {
  const sleep = opts.sleep ?? abortableSleep;
  const nowMs = opts.nowMs ?? (() => performance.now());
  // When each account and region may be asked next: shared by every stack of this process.
  const nextAllowed = new Map<string, number>();
  const paced = async (key: string, signal: AbortSignal) => {
    const wait = (nextAllowed.get(key) ?? 0) - nowMs();
    nextAllowed.set(key, Math.max(nowMs(), nextAllowed.get(key) ?? 0) + cloudTrailMinIntervalMs);
    if (wait > 0) await sleep(wait, signal);
  };

  async function lookup(target: AttributionTarget, ctx: SourceContext): Promise<LookupAnswer> {
    const made = await clientFor(ctx);
    if (typeof made === "string") return { kind: "failed", why: "error", reason: made };
    const { client, key } = made;
    const { LookupEventsCommand } = await cloudTrailSdk();
    const changes: AttributedChange[] = [];
    let token: string | undefined;
    let outOfBudget = false;
    try {
      for (let page = 0; page < maxPages; page++) {
        if (!ctx.takeRequest()) {
          outOfBudget = true;
          break;
        }
        await paced(key, ctx.signal);
        const answer = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: target.resourceId }],
            StartTime: target.since,
            EndTime: target.until,
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
          }),
          { abortSignal: ctx.signal },
        );
        changes.push(...writeChanges(answer.Events ?? []));
        token = answer.NextToken;
        // Newest first: once a page holds a write call, the latest change is known.
        if (!token || changes.length > 0) break;
      }
    } catch (err) {
      if (changes.length === 0 && ctx.signal.aborted)
        return { kind: "failed", why: "budget", reason: "time budget spent before CloudTrail answered" };
      if (changes.length === 0) return cloudTrailFailure(err);
    } finally {
      client.destroy();
    }
    if (changes.length > 0) return { kind: "found", changes };
    if (outOfBudget)
      return { kind: "failed", why: "budget", reason: "request budget spent before the window was searched" };
    // More pages than one lookup reads: the newest hold no write call, so none is named.
    return { kind: "none" };
  }

  return { provider: "aws", name: "cloudtrail", lookup };
}
