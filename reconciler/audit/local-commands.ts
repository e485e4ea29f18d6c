// Commands given without GitHub: `reconciler hold|approve|resume` append them to
// <audit.dir>/commands.jsonl (durably, one JSON record a line); each stack's trail reads its own
// before the decision, with the same meaning and expiry as commands on the tracking issue.
// Whoever can write audit.dir can already steer the reconciler, so local commands need no
// permission check; but nothing in the file is trusted as written: a record not of a local
// command's shape (core/local-command-record.ts) is moved aside to commands-corrupt.jsonl with a
// warning, and each read compacts the file to the records that still matter.
import { join } from "node:path";
import { systemClock, type Clock } from "../core/clock.js";
import { jsonLines, type Warn } from "../core/durable-file.js";
import { liveLocalCommands, localCommandRecordSchema, type LocalCommandRecord } from "../core/local-command-record.js";
import type { SteerCommand } from "../core/steer-command.js";
import { diskFiles } from "../files/durable-files.js";

export type { LocalCommandRecord };

export function localCommandsFile(dir: string): string {
  return join(dir, "commands.jsonl");
}

export function appendLocalCommand(dir: string, record: LocalCommandRecord): void {
  diskFiles.append(localCommandsFile(dir), jsonLines([record]));
}

/** The stack's local commands that still matter, oldest first. */
export function readLocalCommands(
  dir: string,
  identity: { project: string; stack: string },
  warn: Warn = () => undefined,
  now: Clock = systemClock,
): SteerCommand[] {
  const at = now();
  const records = diskFiles.readJsonl(localCommandsFile(dir), localCommandRecordSchema(at), warn, {
    compact: (read) => liveLocalCommands(read, at),
  });
  return records.filter((r) => r.project === identity.project && r.stack === identity.stack).map((r) => r.command);
}
