// A notification as a Slack incoming-webhook message in Block Kit: a header, the stack, the
// severity and the event, what happened, the first drifted properties, the decision, and
// buttons to the tracking issue and the run. `text` is the fallback shown in notifications.
// Slack reads &, < and > as control characters (links, @channel): they are escaped everywhere;
// values sit in code spans that cannot be closed early. Within Slack's documented limits. Pure.
import { clip } from "../core/inert-markdown.js";
import type { Notification } from "./notification.js";
import { stackPath } from "../core/stack-id.js";

type SlackText = { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };
type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] }
  | { type: "actions"; elements: { type: "button"; text: SlackText; url: string; action_id: string }[] };

interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's own limits (Block Kit reference). */
const slackLimits = { header: 150, sectionText: 3000, field: 2000, fields: 10, buttonText: 75, url: 3000 };

/** How many drifted properties a message lists; the issue has them all. */
const listed = 5;

/** Text Slack shows as written: its three control characters escaped. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An untrusted value as a code span: a backtick inside it would end the span, so it shows as ˋ. */
function code(value: string): string {
  return `\`${slackEscape(value.replace(/`/g, "\u02CB")) || " "}\``;
}

const mrkdwn = (text: string, max: number): SlackText => ({ type: "mrkdwn", text: clip(text, max) });

function driftLines(n: Notification): string | undefined {
  if (!n.drifted?.length) return undefined;
  const lines = n.drifted.slice(0, listed).map((d) => {
    const where = d.path ? `${code(d.resource)} ${code(d.path)}` : code(d.resource);
    const who = d.changedBy ? ` — changed by ${code(d.changedBy)}` : "";
    if (d.change === "deleted") return `• ${where} deleted${who}`;
    return `• ${where}: ${code(d.cloud ?? "(absent)")} (deployed: ${code(d.deployed ?? "(absent)")})${who}`;
  });
  const more = (n.driftedCount ?? n.drifted.length) - lines.length;
  return ["*What drifted*", ...lines, ...(more > 0 ? [`…and ${more} more (see the issue)`] : [])].join("\n");
}

function buttons(n: Notification): SlackBlock[] {
  const links = [
    ...(n.links.issue ? [{ label: "Tracking issue", url: n.links.issue, id: "issue" }] : []),
    ...(n.links.run ? [{ label: "Run", url: n.links.run, id: "run" }] : []),
  ].filter((l) => /^https?:\/\//.test(l.url) && l.url.length <= slackLimits.url);
  if (links.length === 0) return [];
  const elements = links.map((l) => ({
    type: "button" as const,
    text: { type: "plain_text" as const, text: l.label },
    url: l.url,
    action_id: l.id,
  }));
  return [{ type: "actions", elements }];
}

export function slackMessage(n: Notification): SlackMessage {
  const fields: SlackText[] = [
    mrkdwn(`*Stack*\n${code(stackPath(n))}`, slackLimits.field),
    mrkdwn(`*Severity*\n${n.severity ?? "n/a"}`, slackLimits.field),
    mrkdwn(`*Event*\n${n.kind}`, slackLimits.field),
    ...(n.decision
      ? [
          mrkdwn(
            `*Decision*\n${n.decision.action}${n.decision.guard ? ` (${n.decision.guard})` : ""}`,
            slackLimits.field,
          ),
        ]
      : []),
  ];
  const drift = driftLines(n);
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(n.title, slackLimits.header), emoji: false } },
    { type: "section", fields },
    { type: "section", text: mrkdwn(slackEscape(n.text), slackLimits.sectionText) },
    ...(drift ? [{ type: "section" as const, text: mrkdwn(drift, slackLimits.sectionText) }] : []),
    ...(n.decision?.action === "report"
      ? [
          {
            type: "section" as const,
            text: mrkdwn(`*Why not healed:* ${code(n.decision.reason)}`, slackLimits.sectionText),
          },
        ]
      : []),
    ...buttons(n),
    {
      type: "context",
      elements: [mrkdwn(`drift-reconciler · event \`${n.id}\` · ${n.occurredAt}`, slackLimits.field)],
    },
  ];
  return { text: slackEscape(n.title), blocks };
}
