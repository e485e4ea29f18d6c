// The audit journal: every audit event is appended here, durably (fsync), before the action it
// announces; delivery to the tracker follows, in order, and is recorded too. What is journaled
// and not yet delivered (the tracker was down, or the process died) is delivered by the next
// run; a heal journaled as started with no result is found by the next run and reported as
// interrupted. One JSON record a line in <audit.dir>/journal.jsonl; a line that cannot be read
// is moved aside to journal-corrupt.jsonl with a warning, never blocking the cycle. Other
// readers (notification sinks, reconciler/notify) read the events told so far and keep their
// own positions; compaction keeps what they still need.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stackKey, stackPath, type StackId } from "../core/stack-id.js";
import type { StackMemory } from "../core/stack-memory.js";
import type { AuditEvent } from "./audit-events.js";
import { writeFileAtomic } from "./atomic-write.js";

type HealStarted = Extract<AuditEvent, { kind: "heal-started" }>;

type JournalRecord =
  | { t: "event"; event: AuditEvent }
  | { t: "delivered"; id: string }
  | { t: "rejected"; id: string; reason: string }
  /** A started heal that never ran: told to no one. */
  | { t: "cancelled"; id: string }
  /** The heal attempt has its result (or never ran): it is not open any more. */
  | { t: "heal-closed"; attempt: string }
  /** The stack's memory as last read back from the tracker, for when the tracker is down. */
  | { t: "memory"; key: string; memory: StackMemory };

export interface Journal {
  /** Appends the event durably; returns once it is on disk. */
  append(event: AuditEvent): void;
  /** Whether an event with this id was ever journaled (its facts are then already told or queued). */
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
  recall(id: StackId): StackMemory | undefined;
  remember(id: StackId, memory: StackMemory): void;
}

const compactAfterLines = 2000;

export interface JournalOptions {
  /** Events another reader (a notification sink) has not delivered yet: compaction keeps them. */
  retain?: (event: AuditEvent) => boolean;
}

export function fileJournal(
  dir: string,
  warn: (message: string) => void = () => undefined,
  opts: JournalOptions = {},
): Journal {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, "journal.jsonl");
  const records = load(file, dir, warn);
  const events = new Map<string, AuditEvent>();
  const done = new Set<string>();
  const closed = new Set<string>();
  const memories = new Map<string, StackMemory>();
  const held = new Set<string>();
  const cancelled = new Set<string>();
  const apply = (r: JournalRecord) => {
    if (r.t === "event") events.set(r.event.id, r.event);
    else if (r.t === "delivered" || r.t === "rejected") done.add(r.id);
    else if (r.t === "cancelled") {
      done.add(r.id);
      cancelled.add(r.id);
    } else if (r.t === "heal-closed") closed.add(r.attempt);
    else memories.set(r.key, r.memory);
  };
  records.forEach(apply);
  const write = (r: JournalRecord) => {
    apply(r);
    appendDurably(file, `${JSON.stringify(r)}\n`);
  };
  const openHeals = () =>
    [...events.values()].filter((e): e is HealStarted => e.kind === "heal-started" && !closed.has(e.attempt));
  const undelivered = () => [...events.values()].filter((e) => !done.has(e.id));
  if (records.length > compactAfterLines) {
    // Keep what is still needed: undelivered events, open heals, events another reader still
    // needs (in their order), and each stack's memory.
    const retained = (e: AuditEvent) => !cancelled.has(e.id) && (opts.retain?.(e) ?? false);
    const needed = new Set([...undelivered(), ...openHeals(), ...[...events.values()].filter(retained)]);
    const keep: JournalRecord[] = [...events.values()]
      .filter((event) => needed.has(event))
      .map((event) => ({ t: "event", event }));
    for (const e of needed) {
      if (cancelled.has(e.id)) keep.push({ t: "cancelled", id: e.id });
      else if (done.has(e.id)) keep.push({ t: "delivered", id: e.id });
    }
    for (const [key, memory] of memories) keep.push({ t: "memory", key, memory });
    writeFileAtomic(file, keep.map((r) => `${JSON.stringify(r)}\n`).join(""));
  }
  return {
    append: (event) => write({ t: "event", event }),
    has: (id) => events.has(id),
    pending: () => undelivered().filter((e) => !held.has(e.id)),
    told: () => [...events.values()].filter((e) => !held.has(e.id) && !cancelled.has(e.id)),
    hold: (id) => void held.add(id),
    release: (id) => void held.delete(id),
    delivered: (id) => write({ t: "delivered", id }),
    rejected: (event, reason) => {
      appendDurably(join(dir, "outbox-rejected.jsonl"), `${JSON.stringify({ reason, event })}\n`);
      write({ t: "rejected", id: event.id, reason });
    },
    openHeals,
    closeHeal: (attempt) => write({ t: "heal-closed", attempt }),
    cancelHeal: (event) => {
      write({ t: "cancelled", id: event.id });
      write({ t: "heal-closed", attempt: event.attempt });
    },
    recall: (id) => memories.get(stackKey(id)) ?? memories.get(stackPath(id)),
    remember: (id, memory) => write({ t: "memory", key: stackKey(id), memory }),
  };
}

/** Appends and fsyncs: the text is on disk when this returns. */
export function appendDurably(file: string, text: string): void {
  appendFileSync(file, text, { mode: 0o600 });
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function load(file: string, dir: string, warn: (message: string) => void): JournalRecord[] {
  if (!existsSync(file)) return [];
  const records: JournalRecord[] = [];
  const corrupt: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const record = JSON.parse(line) as JournalRecord;
      if (typeof record?.t !== "string") throw new Error("not a journal record");
      records.push(record);
    } catch {
      corrupt.push(line);
    }
  }
  if (corrupt.length > 0) {
    appendDurably(join(dir, "journal-corrupt.jsonl"), corrupt.map((l) => `${l}\n`).join(""));
    writeFileAtomic(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    warn(`audit journal: ${corrupt.length} unreadable line(s) moved to journal-corrupt.jsonl`);
  }
  return records;
}
