// Ignore rules: a resource type (glob) plus a property path (segment glob). A rule's
// path also matches everything below it: "tags" ignores every tag; "**" the whole resource.
import type { IgnoreRule } from "./config-schema.js";
import type { DriftItem } from "./drift-report.js";

function segments(path: string): string[] {
  return path.split(/[.[\]]+/).filter((s) => s !== "");
}

/**
 * A type glob, where "*" matches any run of characters, in linear time: the literal pieces
 * between the stars are found left to right, each at its first place after the previous one.
 * For "*"-only globs the leftmost placement is always right, so nothing is ever retried (a
 * regular expression with one ".*" per star backtracks polynomially on a near miss).
 */
function globMatches(glob: string, text: string): boolean {
  const pieces = glob.split("*");
  const first = pieces[0] ?? "";
  if (pieces.length === 1) return glob === text;
  const last = pieces[pieces.length - 1] ?? "";
  if (!text.startsWith(first) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return text.endsWith(last);
}

export function typeMatches(pattern: string, type: string): boolean {
  return globMatches(pattern, type);
}

export function pathMatches(pattern: string, path: string): boolean {
  const want = segments(pattern);
  const have = segments(path);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "**") return true;
    const seg = have[i];
    if (seg === undefined) return false;
    if (want[i] !== "*" && want[i] !== seg) return false;
  }
  return true;
}

/** Drops ignored property differences (and items left with none); counts what was dropped. */
export function applyIgnoreRules(items: DriftItem[], rules: IgnoreRule[]): { items: DriftItem[]; ignored: number } {
  let ignored = 0;
  const kept: DriftItem[] = [];
  for (const item of items) {
    const applicable = rules.filter((r) => typeMatches(r.type, item.type));
    if (item.kind === "deleted") {
      if (applicable.some((r) => r.path === "**")) ignored++;
      else kept.push(item);
      continue;
    }
    const properties = item.properties.filter((p) => !applicable.some((r) => pathMatches(r.path, p.path)));
    ignored += item.properties.length - properties.length;
    if (properties.length > 0 || item.properties.length === 0) kept.push({ ...item, properties });
  }
  return { items: kept, ignored };
}
