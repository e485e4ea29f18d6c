// The files the reconciler keeps (the journal, local commands, sink positions, the local trail,
// pending-check records): what keeping one durably means, declared here and done by
// files/durable-files.ts. A JSON Lines file holds one record a line; each line read is checked
// against the record's schema, and a line that is not JSON or not of that shape is moved aside to
// <name>-corrupt.jsonl with a warning, never trusted and never blocking the reader. Pure.
import { basename, dirname, join } from "node:path";
import type { z } from "zod";

export type Warn = (message: string) => void;

export interface JsonlReadOptions<T> {
  /**
   * Compaction: the records to keep, out of those read (the same objects); the file is rewritten
   * without the others, and only they are returned.
   */
  compact?: (records: readonly T[]) => readonly T[];
}

export interface DurableFiles {
  /**
   * Replaces the file's whole content: a crash leaves the old content or the new one, never part
   * of either. The file is 0600; its folder is created (0700) when missing.
   */
  replace(file: string, content: string): void;
  /** Appends the text and returns once it is on disk. A file it creates is 0600. */
  append(file: string, text: string): void;
  /**
   * The file's records of the right shape, in file order (none when the file is missing); the
   * other lines are moved to <name>-corrupt.jsonl with one warning naming how many.
   */
  readJsonl<T>(file: string, schema: z.ZodType<T>, warn: Warn, opts?: JsonlReadOptions<T>): T[];
  /** One JSON document of the right shape; a missing file is undefined, a bad one is moved aside with a warning. */
  readJson<T>(file: string, schema: z.ZodType<T>, warn: Warn): T | undefined;
}

export interface SortedLines<T> {
  /** The readable records of the right shape, with their line as written. */
  records: Array<{ line: string; record: T }>;
  /** Lines that are not JSON or not of the record's shape. */
  bad: string[];
}

/** Splits a JSON Lines text into records of the schema's shape and lines that are not. */
export function sortLines<T>(text: string, schema: z.ZodType<T>): SortedLines<T> {
  const sorted: SortedLines<T> = { records: [], bad: [] };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const record = parsedRecord(line, schema);
    if (record.ok) sorted.records.push({ line, record: record.value });
    else sorted.bad.push(line);
  }
  return sorted;
}

function parsedRecord<T>(line: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false };
  }
  const checked = schema.safeParse(value);
  return checked.success ? { ok: true, value: checked.data } : { ok: false };
}

/** Records as JSON Lines: one a line, each line ended. */
export function jsonLines(records: readonly unknown[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/** Where a file's unreadable lines go: journal.jsonl → journal-corrupt.jsonl, issues.json → issues-corrupt.json. */
export function corruptFileOf(file: string): string {
  const name = basename(file);
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return join(dirname(file), `${stem}-corrupt${ext}`);
}

/**
 * The temporary file a replacement is written to: beside the file (a rename within one folder is
 * atomic), hidden, and unique per writer through the token.
 */
export function tempFileOf(file: string, token: string): string {
  return join(dirname(file), `.${basename(file)}.${token}.tmp`);
}

/** The warning for lines moved aside: how many, from where, to where. */
export function movedAsideWarning(file: string, count: number): string {
  return `${file}: ${count} unreadable or wrongly shaped line(s) moved to ${basename(corruptFileOf(file))}`;
}
