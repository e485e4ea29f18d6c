// The `notify:` list of reconciler.yaml: where else the audit trail's events go (a signed JSON
// webhook, a Slack incoming webhook, a Microsoft Teams Workflows webhook), which of them, and
// where each sink's secret comes from. Secrets are never in the file: only the name of the
// environment variable that holds them.
import { z } from "zod";
import { isLoopbackHost } from "./loopback-host.js";

/**
 * What a sink can be told, one name per kind of event (docs/notifications.md):
 * drift found in a new episode or changed in an open one, a heal the policy held back (in heal
 * mode; detect mode reports drift as drift), a heal starting, its result, the drift gone by
 * itself, a stack stuck behind a stale lock, the flapping breaker, a stale lock cleared, and what
 * people decided from the issue (a hold, an approval, a resume, a hold that ended), and who changed
 * the drift when the cloud's audit log said so only on a later cycle.
 */
export const notificationKinds = [
  "drift-detected",
  "drift-changed",
  "heal-blocked",
  "heal-started",
  "healed",
  "heal-failed",
  "drift-resolved",
  "drift-flapping",
  "stack-stuck",
  "lock-cleared",
  "steering",
  "drift-attributed",
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

/** Webhook URLs carry the event (and, for chat, their own secret): https only, plain http only to this machine. */
export function isAllowedSinkUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

export const sinkUrlRule = "must be an https:// URL (plain http:// only to localhost or 127.0.0.1)";

const filters = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes, e.g. slack-ops")
    .optional()
    .describe("Names the sink's delivery position file in audit.dir; default: its kind"),
  events: z.array(z.enum(notificationKinds)).min(1).optional().describe("Which kinds of event to send; default: all"),
  minSeverity: z
    .enum(["low", "medium", "high", "critical"])
    .default("low")
    .describe("Events of a drift below this severity are not sent"),
};

const webhookSink = z
  .strictObject({
    kind: z.literal("webhook").describe("A signed JSON document POSTed to url"),
    url: z.string().refine(isAllowedSinkUrl, sinkUrlRule).optional().describe("Where to POST; or urlEnv"),
    urlEnv: envName.optional().describe("Variable holding the URL, when the URL itself is a secret"),
    secretEnv: envName.describe("Variable holding the HMAC-SHA256 signing secret"),
    ...filters,
  })
  .refine((s) => (s.url === undefined) !== (s.urlEnv === undefined), { message: "set exactly one of url or urlEnv" });

const chatSink = (kind: "slack" | "teams", what: string) =>
  z.strictObject({
    kind: z.literal(kind).describe(`A ${what} message`),
    urlEnv: envName.describe(`Variable holding the ${what} URL (it is the secret)`),
    ...filters,
  });

export const notifySinkSchema = z.discriminatedUnion(
  "kind",
  [webhookSink, chatSink("slack", "Slack incoming-webhook"), chatSink("teams", "Teams Workflows webhook")],
  { error: "must have kind: webhook, slack or teams" },
);

/** The sinks, each named (default: its kind); two sinks may not share a name (it names their position file). */
export const notifySchema = z
  .array(notifySinkSchema)
  .default([])
  .superRefine((sinks, ctx) => {
    const seen = new Set<string>();
    sinks.forEach((sink, i) => {
      const name = sink.name ?? sink.kind;
      if (seen.has(name)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `must be unique: another sink is named "${name}" (a sink without a name is named after its kind)`,
        });
      }
      seen.add(name);
    });
  })
  .describe("Other places the audit trail's events go: webhook, slack, teams");

export type NotifySinkConfig = z.infer<typeof notifySinkSchema>;

export function sinkName(sink: NotifySinkConfig): string {
  return sink.name ?? sink.kind;
}

/** The environment variables a sink's secrets come from. */
export function sinkSecretVars(sink: NotifySinkConfig): string[] {
  return sink.kind === "webhook" ? [sink.secretEnv, ...(sink.urlEnv ? [sink.urlEnv] : [])] : [sink.urlEnv];
}
