// Commands people write on a stack's tracking issue (or with `reconciler hold|approve|resume`)
// to steer the reconciler: hold the heal, approve one heal, resume. A comment's text is untrusted
// input: only its first line is read, and only the exact grammar below counts. Pure.
import { formatDuration, parseDuration } from "./duration.js";
import { visibleText } from "./inert-markdown.js";

/** The longest hold one command may ask for. */
export const maxHoldMs = 90 * 86_400_000;
/** A hold's reason is kept to one short line. */
export const maxReasonLength = 200;

interface CommandBase {
  /** Where the command came from, unique per source: "github-<comment id>" or "local-<n>". */
  id: string;
  /** Who wrote it: a GitHub login, or the local user. */
  by: string;
  /** When it was written (ISO 8601). */
  at: string;
  /**
   * The drift fingerprint the issue showed when the command was read: a hold or an approval
   * applies to that drift only. Absent when no drift was on record (a local hold before any drift).
   */
  fingerprint?: string;
}

export type SteerCommand =
  | (CommandBase & { kind: "hold"; until: string; reason?: string })
  | (CommandBase & { kind: "heal"; massDeletion: boolean })
  | (CommandBase & { kind: "resume" });

type SteerCommandKind = SteerCommand["kind"];

/** What a comment says, before anyone's permission is looked at. */
export type ParsedCommand =
  /** Not addressed to the reconciler. */
  | { kind: "none" }
  /** Starts with /drift but is not a command: answered with the list of commands. */
  | { kind: "invalid"; problem: string }
  | { kind: "hold"; forMs: number; reason?: string }
  /** `named`: the short fingerprint of the drift the author approves, when given. */
  | { kind: "heal"; massDeletion: boolean; named?: string }
  | { kind: "resume" };

export const commandHelp = [
  "`/drift hold <duration> [reason]`: no heal of this stack until the hold expires (duration like 30m, 12h or 2d, at most 90d) or the drift changes",
  "`/drift heal [fingerprint]`: approve one heal of the drift this issue shows (the one with that fingerprint, when named), over the guards that blocked it (not mass deletion)",
  "`/drift heal [fingerprint] --mass-deletion`: the same, also when most of the stack disappeared",
  "`/drift resume`: drop a hold or a flapping stop",
];

function firstLine(text: string): string {
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() !== "") return line.trim();
  }
  return "";
}

/** Reads a comment: a command, a malformed /drift line, or nothing for the reconciler. */
export function parseSteerCommand(text: string): ParsedCommand {
  const line = firstLine(text);
  const words = line.split(/\s+/);
  if (words[0]?.toLowerCase() !== "/drift") return { kind: "none" };
  const verb = words[1]?.toLowerCase();
  const rest = words.slice(2);
  switch (verb) {
    case "hold":
      return parseHold(rest);
    case "heal":
      return parseHeal(rest);
    case "resume":
      return rest.length === 0 ? { kind: "resume" } : { kind: "invalid", problem: "/drift resume takes no arguments" };
    default:
      return { kind: "invalid", problem: verb ? `unknown command "${visibleText(verb, 40)}"` : "no command given" };
  }
}

/** `/drift heal [fingerprint] [--mass-deletion]`: a fingerprint is 6 to 16 hex digits. */
function parseHeal(rest: string[]): ParsedCommand {
  const massDeletion = rest.includes("--mass-deletion");
  const others = rest.filter((word) => word !== "--mass-deletion");
  const [named, ...extra] = others;
  if (
    extra.length > 0 ||
    rest.length - others.length > 1 ||
    (named !== undefined && !/^[0-9a-f]{6,16}$/i.test(named))
  ) {
    return { kind: "invalid", problem: "/drift heal takes only a drift fingerprint (like 3e1fa7) and --mass-deletion" };
  }
  return named === undefined
    ? { kind: "heal", massDeletion }
    : { kind: "heal", massDeletion, named: named.toLowerCase() };
}

function parseHold(rest: string[]): ParsedCommand {
  const [duration, ...reasonWords] = rest;
  if (!duration) return { kind: "invalid", problem: "/drift hold needs a duration, e.g. /drift hold 48h" };
  return parseHoldArgs(duration, reasonWords.join(" "));
}

/** A hold from its duration ("48h") and reason: the same rules on the issue and on the command line. */
export function parseHoldArgs(duration: string, reasonText = ""): ParsedCommand {
  let forMs: number;
  try {
    forMs = parseDuration(duration);
  } catch {
    return { kind: "invalid", problem: `"${visibleText(duration, 40)}" is not a duration like 30m, 12h or 2d` };
  }
  if (forMs <= 0) return { kind: "invalid", problem: "a hold must last longer than 0s" };
  if (forMs > maxHoldMs) return { kind: "invalid", problem: `a hold lasts at most ${formatDuration(maxHoldMs)}` };
  const reason = reasonText.replace(/\s+/g, " ").trim();
  return reason ? { kind: "hold", forMs, reason: reason.slice(0, maxReasonLength) } : { kind: "hold", forMs };
}

/** The command a parsed comment becomes once applied. */
export function commandFrom(
  parsed: Extract<ParsedCommand, { kind: SteerCommandKind }>,
  base: CommandBase,
): SteerCommand {
  switch (parsed.kind) {
    case "hold": {
      const until = new Date(new Date(base.at).getTime() + parsed.forMs).toISOString();
      return { ...base, kind: "hold", until, ...(parsed.reason ? { reason: parsed.reason } : {}) };
    }
    case "heal":
      return { ...base, kind: "heal", massDeletion: parsed.massDeletion };
    case "resume":
      return { ...base, kind: "resume" };
  }
}
