// Minimal validators for the two chat formats, written from their documentation: Slack's Block
// Kit reference (the blocks a message may hold, their fields and limits) and the Adaptive Cards
// schema as a Teams Workflows webhook takes it (a "message" with one adaptive-card attachment).
// Each returns the problems found, as "path: what is wrong"; an empty list means valid.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function textObject(v: unknown, at: string, max: number, only?: "plain_text"): string[] {
  if (!isObject(v)) return [`${at}: must be a text object`];
  const problems: string[] = [];
  if (v["type"] !== "plain_text" && v["type"] !== "mrkdwn") problems.push(`${at}.type: must be plain_text or mrkdwn`);
  if (only && v["type"] !== only) problems.push(`${at}.type: must be ${only}`);
  const text = v["text"];
  if (typeof text !== "string" || text.length === 0) problems.push(`${at}.text: must be a non-empty string`);
  else if (text.length > max) problems.push(`${at}.text: ${text.length} characters, at most ${max}`);
  if ("emoji" in v && v["type"] !== "plain_text") problems.push(`${at}.emoji: only for plain_text`);
  const extra = Object.keys(v).filter((k) => !["type", "text", "emoji", "verbatim"].includes(k));
  if (extra.length > 0) problems.push(`${at}: unknown fields ${extra.join(", ")}`);
  return problems;
}

function slackBlock(block: unknown, at: string): string[] {
  if (!isObject(block)) return [`${at}: must be an object`];
  const problems: string[] = [];
  if (typeof block["block_id"] === "string" && block["block_id"].length > 255)
    problems.push(`${at}.block_id: too long`);
  switch (block["type"]) {
    case "header":
      return [...problems, ...textObject(block["text"], `${at}.text`, 150, "plain_text")];
    case "divider":
      return problems;
    case "section": {
      const { text, fields } = block;
      if (text === undefined && fields === undefined) problems.push(`${at}: needs text or fields`);
      if (text !== undefined) problems.push(...textObject(text, `${at}.text`, 3000));
      if (fields !== undefined) {
        if (!Array.isArray(fields) || fields.length === 0 || fields.length > 10) problems.push(`${at}.fields: 1 to 10`);
        else fields.forEach((f, i) => problems.push(...textObject(f, `${at}.fields[${i}]`, 2000)));
      }
      return problems;
    }
    case "context": {
      const elements = block["elements"];
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) {
        return [...problems, `${at}.elements: 1 to 10`];
      }
      elements.forEach((e, i) => problems.push(...textObject(e, `${at}.elements[${i}]`, 3000)));
      return problems;
    }
    case "actions": {
      const elements = block["elements"];
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) {
        return [...problems, `${at}.elements: 1 to 25`];
      }
      elements.forEach((e, i) => {
        const where = `${at}.elements[${i}]`;
        if (!isObject(e) || e["type"] !== "button") return problems.push(`${where}: must be a button`);
        problems.push(...textObject(e["text"], `${where}.text`, 75, "plain_text"));
        const url = e["url"];
        if (url !== undefined && (typeof url !== "string" || url.length > 3000 || !/^https?:\/\//.test(url))) {
          problems.push(`${where}.url: must be an http(s) URL of at most 3000 characters`);
        }
        if (typeof e["action_id"] === "string" && e["action_id"].length > 255)
          problems.push(`${where}.action_id: too long`);
        return undefined;
      });
      return problems;
    }
    default:
      return [`${at}.type: not a message block (${String(block["type"])})`];
  }
}

/** A Slack incoming-webhook message with Block Kit blocks. */
export function slackMessageProblems(message: unknown): string[] {
  if (!isObject(message)) return ["message: must be an object"];
  const problems: string[] = [];
  if (typeof message["text"] !== "string" || message["text"] === "")
    problems.push("text: the fallback text is required");
  const blocks = message["blocks"];
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return [...problems, "blocks: 1 to 50"];
  blocks.forEach((b, i) => problems.push(...slackBlock(b, `blocks[${i}]`)));
  return problems;
}

const textBlockValues: Record<string, readonly unknown[]> = {
  weight: ["Default", "Lighter", "Bolder"],
  size: ["Default", "Small", "Medium", "Large", "ExtraLarge"],
  fontType: ["Default", "Monospace"],
  color: ["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"],
};

function cardElement(e: unknown, at: string): string[] {
  if (!isObject(e)) return [`${at}: must be an object`];
  if (e["type"] === "TextBlock") {
    const problems: string[] = [];
    if (typeof e["text"] !== "string" || e["text"] === "") problems.push(`${at}.text: required`);
    for (const [key, allowed] of Object.entries(textBlockValues)) {
      if (key in e && !allowed.includes(e[key])) problems.push(`${at}.${key}: one of ${allowed.join(", ")}`);
    }
    for (const key of ["wrap", "isSubtle"])
      if (key in e && typeof e[key] !== "boolean") problems.push(`${at}.${key}: boolean`);
    const known = ["type", "text", "wrap", "isSubtle", "spacing", "separator", ...Object.keys(textBlockValues)];
    const extra = Object.keys(e).filter((k) => !known.includes(k));
    if (extra.length > 0) problems.push(`${at}: unknown properties ${extra.join(", ")}`);
    return problems;
  }
  if (e["type"] === "FactSet") {
    const facts = e["facts"];
    if (!Array.isArray(facts) || facts.length === 0) return [`${at}.facts: required`];
    return facts.flatMap((f, i) =>
      isObject(f) && typeof f["title"] === "string" && typeof f["value"] === "string"
        ? []
        : [`${at}.facts[${i}]: needs title and value strings`],
    );
  }
  return [`${at}.type: not an element this card uses (${String(e["type"])})`];
}

/** A Teams Workflows webhook message: one Adaptive Card attachment (card version up to 1.5). */
export function teamsMessageProblems(message: unknown): string[] {
  if (!isObject(message)) return ["message: must be an object"];
  const problems: string[] = [];
  if (message["type"] !== "message") problems.push('type: must be "message"');
  const attachments = message["attachments"];
  if (!Array.isArray(attachments) || attachments.length !== 1) return [...problems, "attachments: exactly one card"];
  const [attachment] = attachments as unknown[];
  if (!isObject(attachment)) return [...problems, "attachments[0]: must be an object"];
  if (attachment["contentType"] !== "application/vnd.microsoft.card.adaptive") {
    problems.push("attachments[0].contentType: must be application/vnd.microsoft.card.adaptive");
  }
  const card = attachment["content"];
  if (!isObject(card)) return [...problems, "attachments[0].content: the card is required"];
  if (card["type"] !== "AdaptiveCard") problems.push('content.type: must be "AdaptiveCard"');
  const version = card["version"];
  if (typeof version !== "string" || !/^1\.[0-5]$/.test(version)) problems.push("content.version: 1.0 to 1.5");
  const body = card["body"];
  if (!Array.isArray(body) || body.length === 0) problems.push("content.body: required");
  else body.forEach((e, i) => problems.push(...cardElement(e, `content.body[${i}]`)));
  const actions = card["actions"];
  if (actions !== undefined) {
    if (!Array.isArray(actions)) problems.push("content.actions: must be a list");
    else
      actions.forEach((a, i) => {
        const ok =
          isObject(a) &&
          a["type"] === "Action.OpenUrl" &&
          typeof a["title"] === "string" &&
          typeof a["url"] === "string" &&
          URL.canParse(a["url"]);
        if (!ok) problems.push(`content.actions[${i}]: an Action.OpenUrl with a title and an absolute url`);
      });
  }
  return problems;
}
