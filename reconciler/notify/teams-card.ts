// A notification as a Microsoft Teams message for a Workflows webhook: an Adaptive Card (the
// only format Workflows accepts) in a message attachment, with the same content as the Slack
// message: title, facts (stack, severity, event, decision), what happened, the first drifted
// properties, and buttons to the tracking issue and the run. TextBlocks read a Markdown subset:
// text that is not ours has its Markdown characters escaped, so a value cannot become a link. Pure.
import { clip } from "../core/inert-markdown.js";
import type { Notification } from "./notification.js";
import { stackPath } from "../core/stack-id.js";

type CardElement =
  | {
      type: "TextBlock";
      text: string;
      wrap: true;
      weight?: "Bolder";
      size?: "Small" | "Medium" | "Large";
      isSubtle?: boolean;
      fontType?: "Monospace";
    }
  | { type: "FactSet"; facts: { title: string; value: string }[] };

export interface AdaptiveCard {
  $schema: string;
  type: "AdaptiveCard";
  version: string;
  body: CardElement[];
  actions?: { type: "Action.OpenUrl"; title: string; url: string }[];
}

interface TeamsMessage {
  type: "message";
  attachments: { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard }[];
}

const listed = 5;
const textLimit = 3000;

/** Text shown as written: Markdown's characters escaped with a backslash. */
function teamsEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

const block = (text: string, extra: Partial<Extract<CardElement, { type: "TextBlock" }>> = {}): CardElement => ({
  type: "TextBlock",
  text: clip(text, textLimit),
  wrap: true,
  ...extra,
});

function driftBlock(n: Notification): CardElement[] {
  if (!n.drifted?.length) return [];
  const lines = n.drifted.slice(0, listed).map((d) => {
    const where = d.path ? `${d.resource} ${d.path}` : d.resource;
    const who = d.changedBy ? ` — changed by ${d.changedBy}` : "";
    if (d.change === "deleted") return `${where}: deleted${who}`;
    return `${where}: ${d.cloud ?? "(absent)"} (deployed: ${d.deployed ?? "(absent)"})${who}`;
  });
  const more = (n.driftedCount ?? n.drifted.length) - lines.length;
  return [
    block("**What drifted**"),
    block(lines.map(teamsEscape).join("\n\n"), { fontType: "Monospace" }),
    ...(more > 0 ? [block(`…and ${more} more (see the issue)`, { isSubtle: true })] : []),
  ];
}

export function teamsCard(n: Notification): TeamsMessage {
  const facts = [
    { title: "Stack", value: teamsEscape(stackPath(n)) },
    { title: "Severity", value: n.severity ?? "n/a" },
    { title: "Event", value: n.kind },
    ...(n.decision
      ? [{ title: "Decision", value: `${n.decision.action}${n.decision.guard ? ` (${n.decision.guard})` : ""}` }]
      : []),
  ];
  const links = [
    ...(n.links.issue ? [{ title: "Tracking issue", url: n.links.issue }] : []),
    ...(n.links.run ? [{ title: "Run", url: n.links.run }] : []),
  ].filter((l) => /^https?:\/\//.test(l.url));
  const card: AdaptiveCard = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body: [
      block(teamsEscape(n.title), { weight: "Bolder", size: "Medium" }),
      { type: "FactSet", facts },
      block(teamsEscape(n.text)),
      ...driftBlock(n),
      ...(n.decision?.action === "report" ? [block(`**Why not healed:** ${teamsEscape(n.decision.reason)}`)] : []),
      block(`drift-reconciler · event ${n.id} · ${n.occurredAt}`, { isSubtle: true, size: "Small" }),
    ],
    ...(links.length > 0 ? { actions: links.map((l) => ({ type: "Action.OpenUrl" as const, ...l })) } : {}),
  };
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
  };
}
