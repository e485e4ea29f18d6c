// What a sink is told about one audit event: the webhook's JSON document, from which the Slack
// message and the Teams card are made too, so every sink tells the same story. The zod schema is
// the single source of the type and of the committed JSON Schema
// (schema/webhook-event.schema.json, `npm run schema`). Pure.
import { z } from "zod";
import { severities, type Severity } from "../core/config-schema.js";
import { notificationKinds, type NotificationKind } from "../core/notify-config.js";
import type { AuditEvent } from "../audit/audit-events.js";
import { stackPath } from "../core/stack-id.js";

const drifted = z.object({
  resource: z.string().describe("The resource's name"),
  type: z.string().describe("Its type token, e.g. aws:ec2/securityGroup:SecurityGroup"),
  change: z.enum(["modified", "deleted"]),
  path: z.string().optional().describe("The drifted property, e.g. ingress[1]"),
  cloud: z.string().optional().describe("The value in the cloud now, as text; [secret] for secrets"),
  deployed: z.string().optional().describe("The value the last deployment left, as text"),
  changedBy: z
    .string()
    .optional()
    .describe("Who changed the resource, from the cloud's audit log, as plain text; or why that is not known"),
});

const webhookPayloadSchema = z.strictObject({
  version: z.literal(1).describe("The payload's format; a change that breaks receivers gets a new number"),
  id: z.string().describe("The event's id: the same on every delivery of this event, so receivers de-duplicate on it"),
  kind: z.enum(notificationKinds),
  occurredAt: z.string().describe("ISO 8601: when it happened"),
  sentAt: z.string().describe("ISO 8601: when this delivery was sent; signed with the rest, so a replay shows"),
  project: z.string(),
  stack: z.string(),
  severity: z.enum(severities).optional().describe("The drift's highest severity, when the event is about drift"),
  title: z.string().describe("One line a person reads, e.g. Drift detected: shop/prod"),
  text: z.string().describe("What happened, in words; values from the cloud appear inside Markdown code spans"),
  decision: z
    .object({
      action: z.enum(["heal", "report"]),
      guard: z.string().optional().describe("The policy guard that held the heal (docs/configuration.md → Policy, in order)"),
      reason: z.string(),
    })
    .optional()
    .describe("What the policy decided about the drift"),
  drifted: z.array(drifted).optional().describe("The first drifted properties (at most 10)"),
  driftedCount: z.number().int().nonnegative().optional().describe("How many properties drifted in all"),
  fingerprint: z.string().optional().describe("The drift's fingerprint: the same drift has the same one"),
  links: z.object({
    issue: z.string().optional().describe("The tracking issue"),
    run: z.string().optional().describe("The run that saw it (CI job, audit.runUrl)"),
  }),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
/** A notification before it is sent: the payload without its send time. */
export type Notification = Omit<WebhookPayload, "sentAt">;

export function webhookPayloadJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(webhookPayloadSchema, { target: "draft-2020-12" });
}

interface NotificationContext {
  /** The severity of the stack's drift as last detected, for events that do not carry one. */
  severity?: Severity;
  issueUrl?: string;
}

const titles: Record<NotificationKind, string> = {
  "drift-detected": "Drift detected",
  "drift-changed": "Drift changed",
  "heal-blocked": "Heal blocked",
  "heal-started": "Healing",
  healed: "Healed",
  "heal-failed": "Heal failed",
  "drift-resolved": "Drift resolved",
  "drift-flapping": "Drift keeps coming back",
  "stack-stuck": "Stack stuck",
  "lock-cleared": "Stale lock cleared",
  steering: "Steering",
  "drift-attributed": "Who changed it (found later)",
};

type Detected = Extract<AuditEvent, { kind: "drift-detected" }>;

/** Detect mode reports drift by design: that is drift found, not a heal held back. */
function detectedKind(event: Detected): NotificationKind {
  const guard = event.decision?.guard ?? event.attention?.why;
  if (guard && guard !== "detect-mode") return "heal-blocked";
  return event.episode === "changed" ? "drift-changed" : "drift-detected";
}

/** The first paragraph of a reason: chat shows no tables (the issue has them). */
function firstParagraph(text: string): string {
  return text.split("\n\n")[0] ?? text;
}

function detectedText(event: Detected): string {
  const count = event.driftedCount;
  const found =
    count === undefined
      ? "The cloud differs from the last deployment."
      : `${count} drifted ${count === 1 ? "property" : "properties"}.`;
  const decision = event.decision;
  if (!decision) return event.attention ? `${found} ${event.attention.reason}` : found;
  if (decision.action === "heal") return `${found} The policy allows a heal: it starts now.`;
  return `${found} Not healed (${decision.guard ?? "policy"}): ${decision.reason}`;
}

/** The kind and words for one audit event. */
function describe(event: AuditEvent): { kind: NotificationKind; text: string } {
  switch (event.kind) {
    case "drift-detected":
      return { kind: detectedKind(event), text: detectedText(event) };
    case "drift-flapping":
      return { kind: "drift-flapping", text: event.reason };
    case "heal-started":
      return { kind: "heal-started", text: event.plan };
    case "healed":
      return { kind: "healed", text: event.summary };
    case "heal-not-done":
      return { kind: "heal-failed", text: firstParagraph(event.reason) };
    case "heal-interrupted":
      return {
        kind: "heal-failed",
        text: `The reconciler stopped during the heal started at ${event.startedAt}; a person should check the stack.`,
      };
    case "drift-resolved":
      return { kind: "drift-resolved", text: event.summary };
    case "stack-stuck":
      return { kind: "stack-stuck", text: event.reason };
    case "lock-cleared":
      return { kind: "lock-cleared", text: event.summary };
    case "drift-attributed":
      return { kind: "drift-attributed", text: event.changedBy.join("\n") };
    case "steering":
      // "### On hold\n\n@alice put …": the heading is the notification's title already.
      return { kind: "steering", text: firstParagraph(event.text.replace(/^### [^\n]*\n\n/, "")) };
  }
}

function eventSeverity(event: AuditEvent): Severity | undefined {
  return "severity" in event ? event.severity : undefined;
}

/** The notification for an audit event: the same for every sink. */
export function notificationOf(event: AuditEvent, ctx: NotificationContext = {}): Notification {
  const { kind, text } = describe(event);
  const severity = eventSeverity(event) ?? ctx.severity;
  const detected = event.kind === "drift-detected" ? event : undefined;
  return {
    version: 1,
    id: event.id,
    kind,
    occurredAt: event.at,
    project: event.project,
    stack: event.stack,
    ...(severity ? { severity } : {}),
    title: `${titles[kind]}: ${stackPath(event)}`,
    text,
    ...(detected?.decision ? { decision: detected.decision } : {}),
    ...(detected?.drifted ? { drifted: detected.drifted } : {}),
    ...(detected?.driftedCount !== undefined ? { driftedCount: detected.driftedCount } : {}),
    ...("fingerprint" in event ? { fingerprint: event.fingerprint } : {}),
    links: { ...(ctx.issueUrl ? { issue: ctx.issueUrl } : {}), ...(event.runUrl ? { run: event.runUrl } : {}) },
  };
}
