// No module of the reconciler or the bench imports itself through others, type-only imports
// included: a shared type lives below both files that use it. The imports are read with the
// TypeScript compiler's own pre-processor.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Each file's relative imports (and re-exports), as files of the same set. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const targets = importedFiles
        .filter((i) => i.fileName.startsWith("."))
        .map((i) => resolve(dirname(file), i.fileName.replace(/\.js$/, ".ts")))
        .filter((target) => known.has(target));
      return [file, targets];
    }),
  );
}

/** Every cycle found by a depth-first walk, each as the files in import order, the first repeated. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) return void cycles.push([...path.slice(at), file]);
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) walk(file, []);
  return cycles;
}

describe("imports", () => {
  it("form no cycle in reconciler/ or bench/", () => {
    const files = ["reconciler", "bench"].flatMap((dir) => sources(join(repoRoot, dir)));
    expect(files.length).toBeGreaterThan(100);
    const cycles = importCycles(importGraph(files)).map((c) => c.map((f) => relative(repoRoot, f)).join(" → "));
    expect(cycles).toEqual([]);
  });

  it("are found to cycle when two files import each other", () => {
    const graph = new Map([
      ["policy.ts", ["guards.ts"]],
      ["guards.ts", ["policy.ts"]],
      ["decision.ts", []],
    ]);
    expect(importCycles(graph)).toEqual([["policy.ts", "guards.ts", "policy.ts"]]);
  });
});
