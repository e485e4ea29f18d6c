// What the attribution step keeps between cycles, per stack: when a cycle last saw the stack in
// sync (the start of the next search window) and the lookups to try again while the cloud's
// audit log catches up. In <audit.dir>/attributions.json (files/durable-files.ts); a missing file
// means "search from the last deployment, nothing pending", a bad one is moved aside with a warning.
import { join } from "node:path";
import { z } from "zod";
import type { PendingLookup } from "../core/attribution-rules.js";
import type { Warn } from "../core/durable-file.js";
import { diskFiles } from "../files/durable-files.js";

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

const pendingSchema = z.object({
  urn: z.string(),
  name: z.string(),
  type: z.string(),
  resourceId: z.string(),
  since: z.string(),
  firstTriedAt: z.string(),
});
const fileSchema = z.record(
  z.string(),
  z.object({ lastInSync: z.string().optional(), pending: z.array(pendingSchema).max(maxPending) }),
);

const bounded = (record: AttributionRecord): AttributionRecord => ({
  ...record,
  pending: record.pending.slice(0, maxPending),
});

export function memoryAttributionStore(): AttributionStore {
  const records = new Map<string, AttributionRecord>();
  return {
    read: (key) => records.get(key) ?? { pending: [] },
    write: (key, record) => void records.set(key, bounded(record)),
  };
}

export function fileAttributionStore(dir: string, warn: Warn = () => undefined): AttributionStore {
  const file = join(dir, "attributions.json");
  const readAll = (): Record<string, AttributionRecord> => diskFiles.readJson(file, fileSchema, warn) ?? {};
  return {
    read: (key) => readAll()[key] ?? { pending: [] },
    write: (key, record) =>
      diskFiles.replace(file, `${JSON.stringify({ ...readAll(), [key]: bounded(record) }, null, 2)}\n`),
  };
}
