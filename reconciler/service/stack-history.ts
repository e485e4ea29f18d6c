// The last outcomes of each stack, for the status page's timeline: kept in the service's
// memory, at most `limit` per stack, and only for the stacks it owns.
import { historyEntryOf, type HistoryEntry } from "../core/status-view.js";
import type { StackOutcome } from "../core/stack-outcome.js";

export const defaultHistoryLength = 20;

export interface StackHistory {
  add(key: string, outcome: StackOutcome): void;
  /** Oldest first. */
  of(key: string): readonly HistoryEntry[];
}

export function stackHistory(keys: readonly string[], limit = defaultHistoryLength): StackHistory {
  const entries = new Map<string, HistoryEntry[]>(keys.map((k) => [k, []]));
  return {
    add(key, outcome) {
      const list = entries.get(key);
      if (!list) return;
      list.push(historyEntryOf(outcome));
      list.splice(0, Math.max(0, list.length - limit));
    },
    of: (key) => entries.get(key) ?? [],
  };
}
