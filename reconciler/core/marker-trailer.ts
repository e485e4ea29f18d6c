// The hidden markers that tie an issue to its stack and drift, and a comment to the event it
// reports: HTML comments, one a line, forming the body's last lines (the trailer). Only the
// trailer is read back, never a marker elsewhere in the body, and values rendered through
// core/inert-markdown.ts can never contain "<!--": a value the cloud controls cannot write a
// marker, let alone the trailer. Pure.

export type MarkerName = "stack" | "fingerprint" | "since" | "shown" | "note" | "command" | "sig";
export type Markers = Partial<Record<MarkerName, string>>;

const markerNames: readonly MarkerName[] = ["stack", "fingerprint", "since", "shown", "note", "command", "sig"];
const markerLine = /^<!-- drift-reconciler:([a-z]+):(\S+) -->$/;

function markerOf(name: MarkerName, value: string): string {
  // Stack names, fingerprints and event keys never hold these; a value that did could end the comment.
  if (/[\s<>]/.test(value) || value === "") throw new Error(`marker ${name}: invalid value ${JSON.stringify(value)}`);
  return `<!-- drift-reconciler:${name}:${value} -->`;
}

/** The trailer to append to a body: a blank line, then one marker a line. */
export function markerTrailer(markers: Markers): string {
  const lines = markerNames.flatMap((name) => {
    const value = markers[name];
    return value === undefined ? [] : [markerOf(name, value)];
  });
  return `\n\n${lines.join("\n")}\n`;
}

/** The body's lines, line endings normalised, without trailing blank lines. */
function linesOf(body: string): string[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && (lines.at(-1) ?? "").trim() === "") lines.pop();
  return lines;
}

/** How many of the last lines are marker lines. */
function trailerLength(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && markerLine.test(lines[lines.length - 1 - count] ?? "")) count++;
  return count;
}

/**
 * The markers of the body's trailer, or undefined when it has none or it is not one the
 * reconciler writes (an unknown name, or a name twice).
 */
export function readTrailer(body: string): Markers | undefined {
  const lines = linesOf(body);
  const trailer = lines.slice(lines.length - trailerLength(lines));
  if (trailer.length === 0) return undefined;
  const markers: Markers = {};
  for (const line of trailer) {
    const [, name = "", value = ""] = markerLine.exec(line) ?? [];
    const known = markerNames.find((n) => n === name);
    if (!known || markers[known] !== undefined) return undefined;
    markers[known] = value;
  }
  return markers;
}

/** The body without its trailer: what a person reads. */
export function withoutTrailer(body: string): string {
  const lines = linesOf(body);
  return lines
    .slice(0, lines.length - trailerLength(lines))
    .join("\n")
    .trimEnd();
}
