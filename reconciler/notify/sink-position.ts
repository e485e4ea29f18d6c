// One sink's delivery position in the journal, in its own file in audit.dir
// (notify-<name>.jsonl, 0600): which events it has delivered or dead-lettered. A sink reads the
// journal's told events in order and sends those it has not done, so an outage of one sink
// neither blocks another nor loses its own events. A sink seen for the first time starts at the
// end of the journal: it is not sent the past. Each record is fsynced before the next send.
// Dead letters (refused by the receiver) also go to notify-<name>.dead.jsonl for a person. A
// line that cannot be read or is not a position record is moved aside to
// notify-<name>-corrupt.jsonl with a warning: a torn last line (a crash while writing) loses at
// most that record, the event is sent again, and receivers de-duplicate on its id.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { jsonLines } from "../core/durable-file.js";
import { diskFiles } from "../files/durable-files.js";

const positionRecordSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("start"), at: z.string(), skip: z.array(z.string()) }),
  z.object({ t: z.literal("sent"), id: z.string(), at: z.string() }),
  z.object({ t: z.literal("dead"), id: z.string(), at: z.string(), reason: z.string() }),
]);

type PositionRecord = z.infer<typeof positionRecordSchema>;

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
  const records = diskFiles.readJsonl(file, positionRecordSchema, warn);
  const done = new Set<string>();
  let started = existsSync(file);
  const apply = (r: PositionRecord) => {
    if (r.t === "start") r.skip.forEach((id) => done.add(id));
    else done.add(r.id);
  };
  records.forEach(apply);
  let lines = records.length;
  const write = (r: PositionRecord) => {
    apply(r);
    diskFiles.append(file, jsonLines([r]));
    lines++;
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
      diskFiles.append(deadFile, jsonLines([{ at, reason, payload }]));
      write({ t: "dead", id, at, reason });
    },
    compact: (journaled) => {
      if (lines <= compactAfterLines) return;
      const still = [...done].filter((id) => journaled.has(id));
      const kept: PositionRecord = { t: "start", at: new Date(0).toISOString(), skip: still };
      diskFiles.replace(file, jsonLines([kept]));
      done.clear();
      still.forEach((id) => done.add(id));
      lines = 1;
    },
  };
}
