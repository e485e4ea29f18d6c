// Values read back from the cloud, and engine or provider messages, are untrusted: anyone who can
// edit a resource chooses them. Every Markdown producer (issue bodies and comments, --markdown,
// the local audit.md) shows them through this module, as data that can never become markup:
// - inside a code span whose fence is longer than any backtick run in the value, so HTML,
//   @mentions, #123 references, [text](url) links, autolinks and emphasis stay literal text;
// - on one line: newlines, other control characters, invisible and bidirectional characters are
//   shown as escapes (\n, \u202E), so a value cannot end the line, the table row or the span,
//   nor reorder what a reader sees;
// - never holding "<!--", so a value cannot write one of the reconciler's hidden markers
//   (core/marker-trailer.ts); it reads as "<!‐‐" (U+2010 hyphens);
// - bounded in length.
// Pure.

/** Control, invisible, line-separating and bidirectional characters. */
const hiddenCharacters =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]|[\uD800-\uDFFF]/gu;

const shortEscapes: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** What a value may never contain, and what it reads as instead. */
const markerOpening = "<!--";
const markerOpeningShown = "<!\u2010\u2010";

/** The longest a value in prose may be; table cells use their own, shorter limit. */
export const inlineValueLimit = 1000;

function escapeOf(char: string): string {
  const short = shortEscapes[char];
  if (short) return short;
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** At most `max` characters (code points, so no pair is cut in half), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * The value as one line of plain text a person can read and no renderer can act on: bounded,
 * hidden characters escaped, "<!--" neutralised. For any sink (Markdown inside a code span, HTML
 * after escaping, a terminal).
 */
export function visibleText(value: string, max = inlineValueLimit): string {
  return clip(value, max).replace(hiddenCharacters, escapeOf).split(markerOpening).join(markerOpeningShown);
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A code span holding exactly `text` (which has no line breaks). */
function codeSpan(text: string): string {
  if (text === "") return "` `"; // an empty span is no span: this one shows a blank
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  // A span that starts or ends with a backtick or a space needs one space of padding on each
  // side; Markdown strips exactly that padding again (but never from a span of spaces only).
  const pad = /^[` ]|[` ]$/.test(text) && text.trim() !== "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** An untrusted value in running text: a code span on one line. */
export function inlineValue(value: string, max = inlineValueLimit): string {
  return codeSpan(visibleText(value, max));
}

/**
 * An untrusted value in a table cell: a code span whose pipes cannot split the row. GitHub reads
 * "\|" inside a cell as a pipe, also in a code span; backslashes right before a pipe are doubled
 * so the pipe stays escaped however a renderer counts them (they may then read doubled).
 */
export function cellValue(value: string, max = inlineValueLimit): string {
  return inlineValue(value, max).replace(/(\\*)\|/g, (_all, slashes: string) => `${slashes}${slashes}\\|`);
}
