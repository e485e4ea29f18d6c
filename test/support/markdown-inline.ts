// Reads Markdown the way GitHub does, just far enough to tell whether untrusted values stayed
// data: a line's code spans (CommonMark: a backtick run opens a span that the next run of the
// same length closes) and the text around them, where markup would be live.

export interface InlineParts {
  /** The content of each code span, as displayed (one padding space stripped on each side). */
  code: string[];
  /** Everything outside code spans, spans replaced by a single space. */
  text: string;
}

function runLength(line: string, at: number): number {
  let end = at;
  while (line[end] === "`") end++;
  return end - at;
}

/** Where the run of exactly `n` backticks that closes a span opened before `from` starts, or -1. */
function closingRun(line: string, from: number, n: number): number {
  for (let i = from; i < line.length;) {
    if (line[i] !== "`") {
      i++;
      continue;
    }
    const length = runLength(line, i);
    if (length === n) return i;
    i += length;
  }
  return -1;
}

function displayed(content: string): string {
  const padded = content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "";
  return padded ? content.slice(1, -1) : content;
}

export function inlineParts(line: string): InlineParts {
  const code: string[] = [];
  let text = "";
  for (let i = 0; i < line.length;) {
    if (line[i] === "\\" && i + 1 < line.length) {
      text += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      text += line[i];
      i++;
      continue;
    }
    const n = runLength(line, i);
    const close = closingRun(line, i + n, n);
    if (close === -1) {
      text += line.slice(i, i + n);
      i += n;
      continue;
    }
    code.push(displayed(line.slice(i + n, close)));
    text += " ";
    i = close + n;
  }
  return { code, text };
}

/** The cells of a table row: split at pipes not escaped by an odd number of backslashes. */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let slashes = 0;
  for (const char of row.trim().replace(/^\||\|$/g, "")) {
    if (char === "|" && slashes % 2 === 0) {
      cells.push(cell.trim());
      cell = "";
    } else cell += char;
    slashes = char === "\\" ? slashes + 1 : 0;
  }
  cells.push(cell.trim());
  return cells;
}

/** What a person would see as live markup outside code spans: mentions, references, links, HTML. */
export function liveMarkup(markdown: string): string[] {
  const found: string[] = [];
  for (const line of markdown.split("\n")) {
    const { text } = inlineParts(line);
    const live = text.match(/@[\w-]+|#\d+|\]\(|<[!/a-z]|https?:\/\/|www\./gi);
    if (live) found.push(...live.map((m) => `${m} in: ${line.slice(0, 80)}`));
  }
  return found;
}
