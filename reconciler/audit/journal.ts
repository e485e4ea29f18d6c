// The audit journal: every audit event is appended here, durably (fsync), before the action it
// announces; delivery to the tracker follows, in order, and is recorded too. What is journaled
// and not yet delivered (the tracker was down, or the process died) is delivered by the next
// run; a heal journaled as started with no result is found by the next run and reported as
// interrupted. One JSON record a line in <audit.dir>/journal.jsonl (files/durable-files.ts); a
// line that cannot be read or is not of a journal record's shape (journal-record.ts) is moved
// aside to journal-corrupt.jsonl with a warning, never blocking the cycle. Other readers
// (notification sinks, reconciler/notify) read the events told so far and keep their own
// positions. The journal is compacted when loaded and, in a long-running process, whenever
// upkeep() finds it past its bound (core/journal-bound.ts): what is still needed stays,
// on disk and in memory, and the rest goes.
import { join } from "node:path";
import { systemClock, type Clock } from "../core/clock.js";
import { jsonLines, type DurableFiles } from "../core/durable-file.js";
import {
  compactionDue,
  defaultJournalBound,
  type CompactionReason,
  type JournalBound,
  type JournalSize,
} from "../core/journal-bound.js";
import { stackKey, stackPath, type StackId } from "../core/stack-id.js";
import type { StackHistory } from "../core/stack-history.js";
import { diskFiles } from "../files/durable-files.js";
import type { AuditEvent } from "./audit-events.js";
import { journalRecordSchema, type JournalRecord } from "./journal-record.js";

type HealStarted = Extract<AuditEvent, { kind: "heal-started" }>;

export interface Journal {
  /** Appends the event durably; returns once it is on disk. */
  append(event: AuditEvent): void;
  /**
   * Whether an event with this id is journaled (its facts are then already told or queued). After
   * a compaction only the events still needed and each stack's latest of each kind are known.
   */
  has(id: string): boolean;
  /** Journaled events not yet delivered nor rejected nor held, in journal order. */
  pending(): AuditEvent[];
  /** Every journaled event that is told (not held, not cancelled), in journal order: what other sinks read. */
  told(): AuditEvent[];
  /** Keeps a journaled event from delivery until released (a heal told only once it holds the stack). */
  hold(id: string): void;
  release(id: string): void;
  delivered(id: string): void;
  /** The tracker refused the event as invalid: kept for a person (outbox-rejected.jsonl), never retried. */
  rejected(event: AuditEvent, reason: string): void;
  /** Heals journaled as started that have no result. */
  openHeals(): HealStarted[];
  closeHeal(attempt: string): void;
  /** Drops a started heal that never ran (the stack was busy): it is neither delivered nor open. */
  cancelHeal(event: HealStarted): void;
  /** The stack's memory as last remembered (a journal from before keys held the backend: by project/stack). */
  recall(id: StackId): StackHistory | undefined;
  remember(id: StackId, memory: StackHistory): void;
  /** Compacts the journal when it is past its bound; says how big it is and whether it compacted. */
  upkeep(): JournalUpkeep;
}

export interface JournalUpkeep {
  /** Records in journal.jsonl, and its size in bytes. */
  records: number;
  bytes: number;
  /** Events held in memory. */
  events: number;
  /** Why it was compacted just now, if it was. */
  compacted?: CompactionReason;
}

export interface JournalOptions {
  /** Events another reader (a notification sink) has not delivered yet: compaction keeps them. */
  retain?: (event: AuditEvent) => boolean;
  /** When upkeep() compacts (default: past 2000 records or 4 MiB, or a day after the last compaction). */
  bound?: JournalBound;
  now?: Clock;
  files?: DurableFiles;
}

/** What the journal's records say, folded. */
interface JournalState {
  events: Map<string, AuditEvent>;
  done: Set<string>;
  cancelled: Set<string>;
  closed: Set<string>;
  memories: Map<string, StackHistory>;
}

function applyRecord(state: JournalState, r: JournalRecord): void {
  if (r.t === "event") state.events.set(r.event.id, r.event);
  else if (r.t === "delivered" || r.t === "rejected") state.done.add(r.id);
  else if (r.t === "cancelled") {
    state.done.add(r.id);
    state.cancelled.add(r.id);
  } else if (r.t === "heal-closed") state.closed.add(r.attempt);
  else state.memories.set(r.key, r.memory);
}

function stateOf(records: readonly JournalRecord[]): JournalState {
  const state: JournalState = {
    events: new Map(),
    done: new Set(),
    cancelled: new Set(),
    closed: new Set(),
    memories: new Map(),
  };
  records.forEach((r) => applyRecord(state, r));
  return state;
}

const openHealsIn = (state: JournalState) =>
  [...state.events.values()].filter((e): e is HealStarted => e.kind === "heal-started" && !state.closed.has(e.attempt));

/**
 * What a compaction keeps: undelivered events, open heals, events another reader still needs (in
 * their order), each stack's latest event of each kind (so the same fact seen again next cycle is
 * known, not told twice), each one's delivery and heal state, and each stack's history.
 */
function neededRecords(state: JournalState, retain: (event: AuditEvent) => boolean): JournalRecord[] {
  const events = [...state.events.values()];
  const latest = new Map<string, AuditEvent>();
  for (const e of events) if (!state.cancelled.has(e.id)) latest.set(`${e.project}/${e.stack}/${e.kind}`, e);
  const needed = new Set([
    ...events.filter((e) => !state.done.has(e.id)),
    ...openHealsIn(state),
    ...events.filter((e) => !state.cancelled.has(e.id) && retain(e)),
    ...latest.values(),
  ]);
  const kept = events.filter((e) => needed.has(e));
  const keep: JournalRecord[] = kept.map((event) => ({ t: "event", event }));
  for (const e of kept) {
    if (state.cancelled.has(e.id)) keep.push({ t: "cancelled", id: e.id });
    else if (state.done.has(e.id)) keep.push({ t: "delivered", id: e.id });
    if (e.kind === "heal-started" && state.closed.has(e.attempt)) keep.push({ t: "heal-closed", attempt: e.attempt });
  }
  for (const [key, memory] of state.memories) keep.push({ t: "memory", key, memory });
  return keep;
}

const bytesOf = (text: string) => Buffer.byteLength(text, "utf8");

export function fileJournal(
  dir: string,
  warn: (message: string) => void = () => undefined,
  opts: JournalOptions = {},
): Journal {
  const files = opts.files ?? diskFiles;
  const now = opts.now ?? systemClock;
  const bound = opts.bound ?? defaultJournalBound;
  const file = join(dir, "journal.jsonl");
  const loaded = files.readJsonl(file, journalRecordSchema, warn);
  let state = stateOf(loaded);
  const held = new Set<string>();
  // Loaded as if nothing had been kept: a journal past its bound is compacted at once.
  let size: JournalSize = {
    records: loaded.length,
    bytes: bytesOf(jsonLines(loaded)),
    keptRecords: 0,
    keptBytes: 0,
    compactedAt: now().getTime(),
  };
  const write = (r: JournalRecord) => {
    applyRecord(state, r);
    const line = jsonLines([r]);
    files.append(file, line);
    size = { ...size, records: size.records + 1, bytes: size.bytes + bytesOf(line) };
  };
  const compact = () => {
    const keep = neededRecords(state, (e) => opts.retain?.(e) ?? false);
    const text = jsonLines(keep);
    files.replace(file, text);
    state = stateOf(keep);
    const bytes = bytesOf(text);
    size = { records: keep.length, bytes, keptRecords: keep.length, keptBytes: bytes, compactedAt: now().getTime() };
  };
  const upkeep = (): JournalUpkeep => {
    const reason = compactionDue(size, bound, now().getTime());
    if (reason) compact();
    return {
      records: size.records,
      bytes: size.bytes,
      events: state.events.size,
      ...(reason ? { compacted: reason } : {}),
    };
  };
  if (size.records > bound.records || size.bytes > bound.bytes) compact();
  else size = { ...size, keptRecords: size.records, keptBytes: size.bytes };
  const undelivered = () => [...state.events.values()].filter((e) => !state.done.has(e.id));
  return {
    append: (event) => write({ t: "event", event }),
    has: (id) => state.events.has(id),
    pending: () => undelivered().filter((e) => !held.has(e.id)),
    told: () => [...state.events.values()].filter((e) => !held.has(e.id) && !state.cancelled.has(e.id)),
    hold: (id) => void held.add(id),
    release: (id) => void held.delete(id),
    delivered: (id) => write({ t: "delivered", id }),
    rejected: (event, reason) => {
      files.append(join(dir, "outbox-rejected.jsonl"), jsonLines([{ reason, event }]));
      write({ t: "rejected", id: event.id, reason });
    },
    openHeals: () => openHealsIn(state),
    closeHeal: (attempt) => write({ t: "heal-closed", attempt }),
    cancelHeal: (event) => {
      write({ t: "cancelled", id: event.id });
      write({ t: "heal-closed", attempt: event.attempt });
    },
    recall: (id) => state.memories.get(stackKey(id)) ?? state.memories.get(stackPath(id)),
    remember: (id, memory) => write({ t: "memory", key: stackKey(id), memory }),
    upkeep,
  };
}
