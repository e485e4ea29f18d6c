// Audit events that could not be delivered yet, in order, on disk (one JSON a line).
// Rewritten atomically, so a crash leaves either the old or the new queue, never half.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AuditEvent } from "./audit-events.js";
import { writeFileAtomic } from "./atomic-write.js";

export interface AuditOutbox {
  read(): AuditEvent[];
  replace(events: readonly AuditEvent[]): void;
  /** Events rejected as invalid (GitHub 422): kept for a human, never retried. */
  deadLetter(event: AuditEvent, reason: string): void;
}

export function fileOutbox(dir: string): AuditOutbox {
  const file = join(dir, "outbox.jsonl");
  return {
    read() {
      if (!existsSync(file)) return [];
      return readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as AuditEvent);
    },
    replace(events) {
      if (events.length === 0) {
        rmSync(file, { force: true });
        return;
      }
      writeFileAtomic(file, events.map((e) => `${JSON.stringify(e)}\n`).join(""));
    },
    deadLetter(event, reason) {
      mkdirSync(dir, { recursive: true });
      appendFileSync(join(dir, "outbox-rejected.jsonl"), `${JSON.stringify({ reason, event })}\n`);
    },
  };
}
