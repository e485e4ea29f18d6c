// When detection needs to run the program. Drift is answered by a refresh preview alone; pending
// code changes need the program (node, the SDK, the program, the gRPC round trips). The answer of
// the last full check is kept per stack with the program's fingerprint (its source and local
// imports, Pulumi.yaml, the stack's config file, the lock file, the CLI version), and the program
// runs again only when that answer can have changed or matters: drift was found, the fingerprint
// changed, or policy.pendingCheckEvery says it is due (for external data the program reads).
// The record lives in <audit.dir>/pending-checks.json (files/durable-files.ts); a missing one
// means "check now", and so does one not of the shape below (it is moved aside with a warning).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import type { Warn } from "../core/durable-file.js";
import { parseDuration } from "../core/duration.js";
import type { DriftReport } from "../core/drift-report.js";
import { diskFiles } from "../files/durable-files.js";

const pendingRecordSchema = z.object({
  /** The program's fingerprint when it last ran. */
  fingerprint: z.string(),
  /** When it last ran (ISO 8601). */
  checkedAt: z.string(),
  /** Cycles since then that used the record instead. */
  skipped: z.number().int().nonnegative(),
  /** Pending changes it found: only "none" is an answer to reuse (changes need the plan and the guards). */
  pending: z.number().int().nonnegative(),
});

export type PendingRecord = z.infer<typeof pendingRecordSchema>;

const pendingFileSchema = z.record(z.string(), pendingRecordSchema);

export interface PendingCheckStore {
  read(key: string): PendingRecord | undefined;
  write(key: string, record: PendingRecord): void;
}

type Why = NonNullable<NonNullable<DriftReport["checks"]>["why"]>;

/** Why the program must run now, or undefined when the record's answer (no pending change) holds. */
export function pendingCheckReason(
  record: PendingRecord | undefined,
  fingerprint: string,
  every: number | string,
  now: Date,
): Why | undefined {
  if (!record) return "no-record";
  if (record.pending > 0) return "pending-found";
  if (record.fingerprint !== fingerprint) return "program-changed";
  if (typeof every === "number") return record.skipped + 1 >= every ? "due" : undefined;
  const age = now.getTime() - new Date(record.checkedAt).getTime();
  return !(age < parseDuration(every)) ? "due" : undefined;
}

export function filePendingStore(dir: string, warn: Warn = () => undefined): PendingCheckStore {
  const file = join(dir, "pending-checks.json");
  const readAll = (): Record<string, PendingRecord> => diskFiles.readJson(file, pendingFileSchema, warn) ?? {};
  return {
    read: (key) => readAll()[key],
    write: (key, record) => diskFiles.replace(file, `${JSON.stringify({ ...readAll(), [key]: record }, null, 2)}\n`),
  };
}

/** Relative module specifiers in a TypeScript or JavaScript source: its local imports. */
const localImport = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
const sourceExtensions = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.js"];
const maxFiles = 2000;

function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [...sourceExtensions.map((ext) => base + ext), base.replace(/\.js$/, ".ts")];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** The module and every local module it imports, transitively. */
function programSources(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < maxFiles) {
    const file = queue.pop() ?? "";
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(localImport)) {
      const found = match[1] ? resolveModule(file, match[1]) : undefined;
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return [...seen];
}

/** A project's own files (a local program): everything but dependencies and hidden folders. */
function projectFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (files.length >= maxFiles) return;
      if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "venv") continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** The nearest lock file above the project: its dependencies are the program's too. */
function lockFile(workDir: string): string | undefined {
  for (let dir = workDir; ; dir = dirname(dir)) {
    for (const name of ["package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum", "poetry.lock", "uv.lock"]) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ProgramIdentity {
  workDir: string;
  stack: string;
  /** An inline program's module; absent for a local program (the project's own files count). */
  modulePath?: string;
  cliVersion: string;
}

/** What the program's answer depends on, as one hash. */
export function programFingerprint(program: ProgramIdentity): string {
  const sources = program.modulePath ? programSources(program.modulePath) : projectFiles(program.workDir);
  const files = [
    ...sources,
    join(program.workDir, "Pulumi.yaml"),
    join(program.workDir, `Pulumi.${program.stack}.yaml`),
    lockFile(program.workDir),
  ].filter((f): f is string => f !== undefined && existsSync(f));
  const hash = createHash("sha256").update(`cli ${program.cliVersion}\n`);
  for (const file of [...new Set(files)].sort()) {
    hash.update(`${file}\n`).update(readFileSync(file)).update("\n");
  }
  return hash.digest("hex").slice(0, 24);
}
