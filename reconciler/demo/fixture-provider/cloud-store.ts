// The local "cloud" behind the fixture provider: one JSON file per resource,
// <cloudDir>/<kind>/<id>.json. Plain functions over a directory, so the provider
// process and the tests' out-of-band helpers share one definition of the layout.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";
import { replaceFile } from "../../files/durable-files.js";

export type CloudRecord = { id: string; kind: string } & Record<string, unknown>;

export function recordPath(cloudDir: string, kind: string, id: string): string {
  return join(cloudDir, kind, `${id}.json`);
}

export function newId(kind: string): string {
  return `${kind}-${randomBytes(6).toString("hex")}`;
}

export function readRecord(cloudDir: string, kind: string, id: string): CloudRecord | undefined {
  const file = recordPath(cloudDir, kind, id);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as CloudRecord;
}

/** Writes atomically (files/durable-files.ts), so a reader never sees half a record. */
export function writeRecord(cloudDir: string, record: CloudRecord): void {
  replaceFile(recordPath(cloudDir, record.kind, record.id), `${JSON.stringify(record, null, 2)}\n`);
}

export function deleteRecord(cloudDir: string, kind: string, id: string): void {
  rmSync(recordPath(cloudDir, kind, id), { force: true });
}

export function listRecords(cloudDir: string, kind: string): CloudRecord[] {
  const dir = join(cloudDir, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as CloudRecord);
}

/** Finds a record by its `name` property: how a person finds a resource in a console. */
export function findByName(cloudDir: string, kind: string, name: string): CloudRecord | undefined {
  return listRecords(cloudDir, kind).find((r) => r["name"] === name);
}
