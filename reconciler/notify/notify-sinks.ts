// The configured sinks made ready to send: each one's URL and secret read from the environment
// it names (a missing or unusable one fails the run before any engine work, naming the key,
// never the value), its filters, and how it turns a notification into a request: the signed
// JSON document, a Slack message or a Teams card.
import { ConfigError } from "../core/config-error.js";
import { severityOrder } from "../core/severity.js";
import type { Env } from "../core/loaded-config.js";
import { isAllowedSinkUrl, sinkName, sinkUrlRule, type NotifySinkConfig } from "../core/notify-config.js";
import type { Severity } from "../core/config-schema.js";
import type { Notification, WebhookPayload } from "./notification.js";
import { signatureHeader, signPayload } from "./sign-payload.js";
import { slackMessage } from "./slack-message.js";
import { teamsCard } from "./teams-card.js";

const deliveryHeader = "x-drift-reconciler-delivery";
const eventHeader = "x-drift-reconciler-event";
const timestampHeader = "x-drift-reconciler-timestamp";

export interface NotifySink {
  name: string;
  kind: NotifySinkConfig["kind"];
  /** Whether the sink wants this notification (its events and minSeverity). */
  wants(n: Notification): boolean;
  /** The request for one delivery, sent at `sentAt`. */
  request(n: Notification, sentAt: Date): { url: string; body: string; headers: Record<string, string> };
}

function envValue(env: Env, name: string, key: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${key}: environment variable ${name} is not set`);
  return value;
}

function urlFrom(env: Env, name: string, key: string): string {
  const url = envValue(env, name, key);
  // The value is a secret: the message names the variable only.
  if (!isAllowedSinkUrl(url)) throw new ConfigError(`${key}: the value of ${name} ${sinkUrlRule}`);
  return url;
}

function severityPasses(severity: Severity | undefined, min: Severity): boolean {
  // Events that are not about a drift of known severity (a stuck stack) always pass.
  return severity === undefined || severityOrder.indexOf(severity) >= severityOrder.indexOf(min);
}

function notifySink(config: NotifySinkConfig, index: number, env: Env): NotifySink {
  const key = `notify[${index}]`;
  const wants = (n: Notification) =>
    (config.events?.includes(n.kind) ?? true) && severityPasses(n.severity, config.minSeverity);
  const name = sinkName(config);
  if (config.kind === "webhook") {
    const url = config.urlEnv ? urlFrom(env, config.urlEnv, `${key}.urlEnv`) : (config.url ?? "");
    const secret = envValue(env, config.secretEnv, `${key}.secretEnv`);
    return {
      name,
      kind: config.kind,
      wants,
      request: (n, sentAt) => {
        const payload: WebhookPayload = { ...n, sentAt: sentAt.toISOString() };
        const body = JSON.stringify(payload);
        const headers = {
          [signatureHeader]: signPayload(body, secret),
          [deliveryHeader]: n.id,
          [eventHeader]: n.kind,
          [timestampHeader]: String(Math.floor(sentAt.getTime() / 1000)),
          "user-agent": "drift-reconciler",
        };
        return { url, body, headers };
      },
    };
  }
  const url = urlFrom(env, config.urlEnv, `${key}.urlEnv`);
  const render = config.kind === "slack" ? slackMessage : teamsCard;
  return {
    name,
    kind: config.kind,
    wants,
    request: (n) => ({ url, body: JSON.stringify(render(n)), headers: { "user-agent": "drift-reconciler" } }),
  };
}

export function notifySinks(configs: readonly NotifySinkConfig[], env: Env): NotifySink[] {
  const problems: string[] = [];
  const sinks: NotifySink[] = [];
  configs.forEach((config, i) => {
    try {
      sinks.push(notifySink(config, i, env));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.issues);
    }
  });
  if (problems.length > 0) throw ConfigError.fromIssues(problems);
  return sinks;
}
