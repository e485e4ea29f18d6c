// What the attribution step keeps between cycles, per stack: when a cycle last saw the stack in
// sync (the start of the next search window) and the lookups to try again while the cloud's
// audit log catches up. In <audit.dir>/attributions.json; a missing or unreadable file means
// "search from the last deployment, nothing pending".
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { PendingLookup } from "../core/attribution-rules.js";

export interface AttributionRecord {
  /** When a cycle last saw the stack without drift (ISO 8601). */
  lastInSync?: string;
  pending: PendingLookup[];
}

export interface AttributionStore {
  read(key: string): AttributionRecord;
  write(key: string, record: AttributionRecord): void;
}

/** At most this many lookups wait per stack: the file stays bounded. */
const maxPending = 50;

function validPending(value: unknown): value is PendingLookup {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Record<string, unknown>;
  return ["urn", "name", "type", "resourceId", "since", "firstTriedAt"].every((k) => typeof p[k] === "string");
}

function validRecord(value: unknown): AttributionRecord {
  if (typeof value !== "object" || value === null) return { pending: [] };
  const r = value as Record<string, unknown>;
  const pending = Array.isArray(r["pending"]) ? r["pending"].filter(validPending).slice(0, maxPending) : [];
  return typeof r["lastInSync"] === "string" ? { lastInSync: r["lastInSync"], pending } : { pending };
}

export function memoryAttributionStore(): AttributionStore {
  const records = new Map<string, AttributionRecord>();
  return {
    read: (key) => records.get(key) ?? { pending: [] },
    write: (key, record) => void records.set(key, { ...record, pending: record.pending.slice(0, maxPending) }),
  };
}

export function fileAttributionStore(dir: string): AttributionStore {
  const file = join(dir, "attributions.json");
  const readAll = (): Record<string, unknown> => {
    try {
      const data: unknown = JSON.parse(readFileSync(file, "utf8"));
      return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return {
    read: (key) => validRecord(readAll()[key]),
    write: (key, record) => {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const all = { ...readAll(), [key]: { ...record, pending: record.pending.slice(0, maxPending) } };
      // Written aside under a unique name, then renamed: a reader sees the old file or the new one.
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
