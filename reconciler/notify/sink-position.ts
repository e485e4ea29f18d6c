// One sink's delivery position in the journal, in its own file in audit.dir
// (notify-<name>.jsonl, 0600): which events it has delivered or dead-lettered. A sink reads the
// journal's told events in order and sends those it has not done, so an outage of one sink
// neither blocks another nor loses its own events. A sink seen for the first time starts at the
// end of the journal: it is not sent the past. Each record is fsynced before the next send.
// Dead letters (refused by the receiver) also go to notify-<name>.dead.jsonl for a person.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../audit/atomic-write.js";
import { appendDurably } from "../audit/journal.js";

type PositionRecord =
  | { t: "start"; at: string; skip: string[] }
  | { t: "sent"; id: string; at: string }
  | { t: "dead"; id: string; at: string; reason: string };

export interface SinkPosition {
  /** The file existed (or start() was called): the sink has a place in the journal. */
  started(): boolean;
  /** Marks everything journaled so far as before this sink's time. No-op once started. */
  start(journaledIds: readonly string[], at: string): void;
  done(id: string): boolean;
  sent(id: string, at: string): void;
  /** The receiver refused the event: never retried; kept with the reason (no secrets) for a person. */
  dead(id: string, at: string, reason: string, payload: unknown): void;
  /** Rewrites the file keeping only what still refers to journaled events. */
  compact(journaledIds: ReadonlySet<string>): void;
}

const compactAfterLines = 4000;

export function sinkPositionFile(dir: string, name: string): string {
  return join(dir, `notify-${name}.jsonl`);
}

export function sinkPosition(
  dir: string,
  name: string,
  warn: (message: string) => void = () => undefined,
): SinkPosition {
  const file = sinkPositionFile(dir, name);
  const deadFile = join(dir, `notify-${name}.dead.jsonl`);
  const records = load(file, warn);
  const done = new Set<string>();
  let started = existsSync(file);
  const apply = (r: PositionRecord) => {
    if (r.t === "start") r.skip.forEach((id) => done.add(id));
    else done.add(r.id);
  };
  records.forEach(apply);
  const write = (r: PositionRecord) => {
    apply(r);
    appendDurably(file, `${JSON.stringify(r)}\n`);
  };
  return {
    started: () => started,
    start: (ids, at) => {
      if (started) return;
      write({ t: "start", at, skip: [...ids] });
      started = true;
    },
    done: (id) => done.has(id),
    sent: (id, at) => write({ t: "sent", id, at }),
    dead: (id, at, reason, payload) => {
      appendDurably(deadFile, `${JSON.stringify({ at, reason, payload })}\n`);
      write({ t: "dead", id, at, reason });
    },
    compact: (journaled) => {
      if (records.length <= compactAfterLines) return;
      const still = [...done].filter((id) => journaled.has(id));
      const kept: PositionRecord = { t: "start", at: new Date(0).toISOString(), skip: still };
      writeFileAtomic(file, `${JSON.stringify(kept)}\n`);
      records.length = 0;
    },
  };
}

function load(file: string, warn: (message: string) => void): PositionRecord[] {
  if (!existsSync(file)) return [];
  const records: PositionRecord[] = [];
  let unreadable = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const record = JSON.parse(line) as PositionRecord;
      if (typeof record?.t !== "string") throw new Error("not a position record");
      records.push(record);
    } catch {
      unreadable++;
    }
  }
  // A torn last line (a crash while writing) loses at most that record: the event is sent again,
  // and receivers de-duplicate on its id.
  if (unreadable > 0) warn(`notify: ${unreadable} unreadable line(s) in ${file} ignored`);
  return records;
}
