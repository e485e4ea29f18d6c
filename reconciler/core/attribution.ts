// Attribution: who changed a drifted resource, from the cloud's own audit log (CloudTrail for
// AWS, the fixture cloud's activity log for the demo). A read-only step after detection; what it
// returns is untrusted text (a principal name or a user agent is chosen by whoever made the call)
// and is shown only through core/inert-markdown.ts. The zod schemas are part of the DriftReport's.
import { z } from "zod";
import { inlineValue } from "./inert-markdown.js";

/** One write call on the resource, as the audit log recorded it. */
export const attributedChangeSchema = z.object({
  principal: z.string().describe("Who made the call: the IAM ARN (CloudTrail userIdentity.arn), or the user's name"),
  sessionIssuer: z
    .string()
    .optional()
    .describe("For an assumed role: the role that issued the session (userIdentity.sessionContext.sessionIssuer.arn)"),
  action: z.string().describe("The API call, e.g. AuthorizeSecurityGroupIngress"),
  at: z.string().describe("When the call was made (ISO 8601)"),
  sourceIp: z.string().optional().describe("Where the call came from"),
  userAgent: z.string().optional().describe("What made the call: console, CLI, an SDK, Terraform, …"),
});

export const attributionStatuses = ["found", "not-found", "not-looked-up", "unavailable", "unsupported"] as const;

export const attributionSchema = z.object({
  status: z
    .enum(attributionStatuses)
    .describe(
      "found: the audit log names the change; not-found: nothing there yet (audit logs arrive minutes late; looked up again on later cycles); not-looked-up: the cycle's attribution budget was spent; unavailable: the log could not be read (denied, throttled, unreachable); unsupported: no audit log is read for this provider",
    ),
  source: z.string().describe("Where it was looked up, e.g. cloudtrail, fixture-activity-log, or the provider"),
  changes: z.array(attributedChangeSchema).optional().describe("found: the write calls in the window, newest first"),
  reason: z.string().optional().describe("not-found, not-looked-up, unavailable: why, in words"),
  foundLater: z.boolean().optional().describe("found on a later cycle than the one that saw the drift"),
});

export type AttributedChange = z.infer<typeof attributedChangeSchema>;
export type Attribution = z.infer<typeof attributionSchema>;
export type AttributionStatus = Attribution["status"];

/** How many calls an attribution keeps: the newest are what matters. */
export const maxChangesKept = 5;

/** The provider of a resource type: the package part of its token (`aws` in aws:ec2/securityGroup:…). */
export function providerOf(type: string): string {
  return type.split(":")[0] ?? type;
}

/** "`arn:…:assumed-role/Ops/alice` (session of `arn:…:role/Ops`)": who, shown inert. */
function whoText(change: AttributedChange): string {
  const issuer = change.sessionIssuer ? ` (session of ${inlineValue(change.sessionIssuer, 300)})` : "";
  return `${inlineValue(change.principal, 300)}${issuer}`;
}

/** One call in words: who, the call, when, from where, with what. Untrusted parts inert. */
export function changeText(change: AttributedChange): string {
  const from = change.sourceIp ? ` from ${inlineValue(change.sourceIp, 100)}` : "";
  const agent = change.userAgent ? ` using ${inlineValue(change.userAgent, 200)}` : "";
  return `${whoText(change)}: ${inlineValue(change.action, 200)} at ${inlineValue(change.at, 40)}${from}${agent}`;
}

/** The line a person reads: "Changed by …", or "who: not available (…)". Markdown, inert. */
export function attributionText(attribution: Attribution): string {
  const later = attribution.foundLater ? " (found later)" : "";
  const [newest, ...older] = attribution.changes ?? [];
  if (attribution.status === "found" && newest) {
    const more = older.length > 0 ? `; ${older.length} earlier write call(s) in the window` : "";
    return `Changed by ${changeText(newest)}${later}${more}`;
  }
  const reason = attribution.reason ? inlineValue(attribution.reason, 300) : "";
  switch (attribution.status) {
    case "not-found":
      return `who: not found yet in ${attribution.source}${reason ? ` (${reason})` : ""}; looked up again on later cycles`;
    case "not-looked-up":
      return `who: not looked up this cycle${reason ? ` (${reason})` : ""}`;
    case "unsupported":
      return `who: not available for ${inlineValue(attribution.source, 100)}`;
    default:
      return `who: not available${reason ? ` (${reason})` : ""}`;
  }
}

/** The same as plain text (no Markdown): for chat fields and the status page, which escape it themselves. */
export function attributionPlainText(attribution: Attribution): string {
  const [newest] = attribution.changes ?? [];
  if (attribution.status === "found" && newest) {
    const issuer = newest.sessionIssuer ? ` (session of ${newest.sessionIssuer})` : "";
    const later = attribution.foundLater ? " (found later)" : "";
    return `${newest.principal}${issuer}: ${newest.action} at ${newest.at}${later}`;
  }
  const reason = attribution.reason ? ` (${attribution.reason})` : "";
  if (attribution.status === "not-found") return `not found yet in ${attribution.source}${reason}`;
  if (attribution.status === "not-looked-up") return `not looked up this cycle${reason}`;
  if (attribution.status === "unsupported") return `not available for ${attribution.source}`;
  return `not available${reason}`;
}
