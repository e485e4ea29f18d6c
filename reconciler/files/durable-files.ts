// The one place that writes and reads the files the reconciler keeps (core/durable-file.ts says
// what that means). A replacement is written to a uniquely named temporary file in the same
// folder, fsynced, renamed over the file, and the folder fsynced, so a crash at any point leaves
// the old content or the new one. An append is fsynced before it returns. A JSON Lines reader
// moves lines it cannot trust aside to <name>-corrupt.jsonl. Another process may append to a
// file while it is rewritten (`reconciler hold` while `serve` reads the command file): the
// rewrite carries over what was appended after it read, and an append that finds the file
// replaced under it appends again, so nothing appended is lost (a record may then appear twice;
// readers de-duplicate on its id).
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import type { z } from "zod";
import {
  corruptFileOf,
  movedAsideWarning,
  sortLines,
  tempFileOf,
  type DurableFiles,
  type JsonlReadOptions,
  type Warn,
} from "../core/durable-file.js";

/** A temporary name no other writer (process or call) uses at the same time. */
export function tempPathFor(file: string): string {
  return tempFileOf(file, `${process.pid}-${randomBytes(6).toString("hex")}`);
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function replaceFile(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = tempPathFor(file);
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
  fsyncFolder(dirname(file));
}

const inodeOf = (file: string): number | undefined => {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
};

export function appendFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Twice at most: a second time when the file was replaced between the open and the fsync.
  for (let attempt = 0; attempt < 2; attempt++) {
    const fd = openSync(file, "a", 0o600);
    try {
      writeAll(fd, text);
      fsyncSync(fd);
      if (inodeOf(file) === fstatSync(fd).ino) return;
    } finally {
      closeSync(fd);
    }
  }
}

function readFrom(fd: number, start: number, end: number): string {
  const bytes = Buffer.alloc(Math.max(0, end - start));
  for (let done = 0; done < bytes.length;) {
    const n = readSync(fd, bytes, done, bytes.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return bytes.toString("utf8");
}

function openToRead(file: string): number | undefined {
  try {
    return openSync(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function readJsonlFile<T>(file: string, schema: z.ZodType<T>, warn: Warn, opts: JsonlReadOptions<T> = {}): T[] {
  const fd = openToRead(file);
  if (fd === undefined) return [];
  try {
    const size = fstatSync(fd).size;
    const sorted = sortLines(readFrom(fd, 0, size), schema);
    const read = sorted.records.map(({ record }) => record);
    const keep = new Set(opts.compact ? opts.compact(read) : read);
    const kept = sorted.records.filter(({ record }) => keep.has(record));
    if (sorted.bad.length > 0) {
      appendFile(corruptFileOf(file), sorted.bad.map((line) => `${line}\n`).join(""));
      warn(movedAsideWarning(file, sorted.bad.length));
    }
    if (kept.length < sorted.records.length || sorted.bad.length > 0) {
      replaceFile(file, kept.map(({ line }) => `${line}\n`).join(""));
      // Appended by another process after the read: carried over to the new file.
      const grown = fstatSync(fd).size;
      if (grown > size) appendFile(file, readFrom(fd, size, grown));
    }
    return kept.map(({ record }) => record);
  } finally {
    closeSync(fd);
  }
}

export function readJsonFile<T>(file: string, schema: z.ZodType<T>, warn: Warn): T | undefined {
  const fd = openToRead(file);
  if (fd === undefined) return undefined;
  let text: string;
  try {
    text = readFrom(fd, 0, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
  try {
    const checked = schema.safeParse(JSON.parse(text));
    if (checked.success) return checked.data;
  } catch {
    // not JSON: moved aside below
  }
  const aside = corruptFileOf(file);
  renameSync(file, aside);
  warn(`${file}: unreadable or wrongly shaped, moved to ${aside}`);
  return undefined;
}

/** The durable-file store on the local disk. */
export const diskFiles: DurableFiles = {
  replace: replaceFile,
  append: appendFile,
  readJsonl: readJsonlFile,
  readJson: readJsonFile,
};
