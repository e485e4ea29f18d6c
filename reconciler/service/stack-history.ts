// The last outcomes of each stack, for the status page's timeline: at most `limit` per stack, and only
// for the stacks this service owns. With a store, the timeline is kept in <audit.dir>/status-history.json
// (one JSON document through the durable-file module, rewritten once per cycle), so a restarted service
// shows what it saw before; a stack no longer owned drops out at the next write.
import { join } from "node:path";
import { z } from "zod";
import type { DurableFiles, Warn } from "../core/durable-file.js";
import { historyEntryOf, historyEntrySchema, type HistoryEntry } from "../core/status-view.js";
import type { StackOutcome } from "../core/stack-outcome.js";

export const defaultHistoryLength = 20;

export const statusHistoryFile = (auditDir: string) => join(auditDir, "status-history.json");

const savedHistorySchema = z.record(z.string(), z.array(historyEntrySchema));

export interface HistoryStore {
  file: string;
  files: DurableFiles;
  warn: Warn;
}

export interface StackHistory {
  add(key: string, outcome: StackOutcome): void;
  /** Oldest first. */
  of(key: string): readonly HistoryEntry[];
  /** Writes the timeline to its store, if it has one. */
  save(): void;
}

export function stackHistory(
  keys: readonly string[],
  limit = defaultHistoryLength,
  store?: HistoryStore,
): StackHistory {
  const saved = store ? (store.files.readJson(store.file, savedHistorySchema, store.warn) ?? {}) : {};
  const entries = new Map<string, HistoryEntry[]>(keys.map((k) => [k, (saved[k] ?? []).slice(-limit)]));
  return {
    add(key, outcome) {
      const list = entries.get(key);
      if (!list) return;
      list.push(historyEntryOf(outcome));
      list.splice(0, Math.max(0, list.length - limit));
    },
    of: (key) => entries.get(key) ?? [],
    save() {
      store?.files.replace(store.file, `${JSON.stringify(Object.fromEntries(entries))}\n`);
    },
  };
}
