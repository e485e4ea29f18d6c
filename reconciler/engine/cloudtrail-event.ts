// One CloudTrail event as an attributed change: who (userIdentity.arn; for an assumed role the
// session issuer too), the call, the time, the source IP and the user agent. The CloudTrailEvent
// field is a JSON document written by AWS from what the caller sent: every value is untrusted,
// kept as text, bounded.
import type { Event } from "@aws-sdk/client-cloudtrail";
import type { AttributedChange } from "../core/attribution.js";

const maxField = 512;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.slice(0, maxField) : undefined;
}

function field(record: unknown, ...path: string[]): unknown {
  let at = record;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Undefined for an event that names no caller and no call. */
export function parseCloudTrailEvent(event: Event): AttributedChange | undefined {
  let detail: unknown;
  try {
    detail = event.CloudTrailEvent ? JSON.parse(event.CloudTrailEvent) : undefined;
  } catch {
    detail = undefined;
  }
  if (field(detail, "readOnly") === true) return undefined;
  const principal =
    text(field(detail, "userIdentity", "arn")) ??
    text(event.Username) ??
    text(field(detail, "userIdentity", "invokedBy")) ??
    text(field(detail, "userIdentity", "type"));
  const action = text(event.EventName) ?? text(field(detail, "eventName"));
  const at = event.EventTime instanceof Date ? event.EventTime.toISOString() : text(field(detail, "eventTime"));
  if (!principal || !action || !at) return undefined;
  const issuer = text(field(detail, "userIdentity", "sessionContext", "sessionIssuer", "arn"));
  const sourceIp = text(field(detail, "sourceIPAddress"));
  const userAgent = text(field(detail, "userAgent"));
  return {
    principal,
    action,
    at,
    ...(issuer && issuer !== principal ? { sessionIssuer: issuer } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
  };
}
