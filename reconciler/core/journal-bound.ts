// When a long-running process compacts its journal: the file has grown past a size bound (in
// records or bytes) and to twice what the last compaction left (so events that must stay, such
// as those a tracker that is down has not taken, do not make it rewrite the file every cycle), or
// records were added and the last compaction is older than the age bound. Pure.

export interface JournalBound {
  records: number;
  bytes: number;
  ageMs: number;
}

export const defaultJournalBound: JournalBound = { records: 2000, bytes: 4 * 1024 * 1024, ageMs: 86_400_000 };

export interface JournalSize {
  /** Records in the file now. */
  records: number;
  bytes: number;
  /** What the last compaction (or the load) left in the file. */
  keptRecords: number;
  keptBytes: number;
  /** When the last compaction (or the load) was, in ms since the epoch. */
  compactedAt: number;
}

export type CompactionReason = "records" | "bytes" | "age";

export function compactionDue(size: JournalSize, bound: JournalBound, now: number): CompactionReason | undefined {
  if (size.records > bound.records && size.records >= 2 * size.keptRecords) return "records";
  if (size.bytes > bound.bytes && size.bytes >= 2 * size.keptBytes) return "bytes";
  if (size.records > size.keptRecords && now - size.compactedAt >= bound.ageMs) return "age";
  return undefined;
}
