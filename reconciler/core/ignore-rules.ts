// Ignore rules: a resource type (glob) plus a property path (segment glob). A rule's
// path also matches everything below it: "tags" ignores every tag; "**" the whole resource.
import type { IgnoreRule } from "./config-schema.js";
import type { DriftItem } from "./drift-report.js";

function segments(path: string): string[] {
  return path.split(/[.[\]]+/).filter((s) => s !== "");
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export function typeMatches(pattern: string, type: string): boolean {
  return pattern === type || globToRegExp(pattern).test(type);
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
