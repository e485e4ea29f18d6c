// Commands given without GitHub: `reconciler hold|approve|resume` append them to
// <audit.dir>/commands.jsonl (durably, one JSON record a line); each stack's trail reads its own
// before the decision, with the same meaning and expiry as commands on the tracking issue.
// Whoever can write audit.dir can already steer the reconciler, so local commands need no
// permission check. A line that cannot be read is skipped with a warning.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SteerCommand } from "../core/steer-command.js";

export interface LocalCommandRecord {
  project: string;
  stack: string;
  command: SteerCommand;
}

export function localCommandsFile(dir: string): string {
  return join(dir, "commands.jsonl");
}

export function appendLocalCommand(dir: string, record: LocalCommandRecord): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = localCommandsFile(dir);
  appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function isRecord(value: unknown): value is LocalCommandRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Partial<LocalCommandRecord>;
  const c = r.command as Partial<SteerCommand> | undefined;
  return (
    typeof r.project === "string" &&
    typeof r.stack === "string" &&
    typeof c?.id === "string" &&
    typeof c.by === "string" &&
    typeof c.at === "string" &&
    (c.kind === "hold" ? typeof c.until === "string" : c.kind === "heal" || c.kind === "resume")
  );
}

/** The stack's local commands, oldest first. */
export function readLocalCommands(
  dir: string,
  identity: { project: string; stack: string },
  warn: (message: string) => void = () => undefined,
): SteerCommand[] {
  const file = localCommandsFile(dir);
  if (!existsSync(file)) return [];
  const commands: SteerCommand[] = [];
  let unreadable = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    if (!isRecord(record)) {
      unreadable++;
      continue;
    }
    if (record.project === identity.project && record.stack === identity.stack) commands.push(record.command);
  }
  if (unreadable > 0) warn(`${file}: ${unreadable} unreadable line(s) skipped`);
  return commands;
}
