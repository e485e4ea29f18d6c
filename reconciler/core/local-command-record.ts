// A command given with `reconciler hold|approve|resume`, as one record of the local command file
// (audit/local-commands.ts): its shape as checked on read, and which records still matter. The
// file is writable by whoever can write audit.dir, so nothing in it is trusted as written: a
// record must be a command of the shape given on the issue (core/steer-command-schema.ts: real
// instants, a hold of at most 90 days), named as a local one, and not written in the future.
// Pure.
import { z } from "zod";
import { steeringOf } from "./steering.js";
import { steerCommandSchema } from "./steer-command-schema.js";
import type { SteerCommand } from "./steer-command.js";

/** How far ahead of this machine's clock a command's time may be (another machine's clock). */
const clockSkewMs = 5 * 60_000;
/** How long an expired hold stays in the file, so the trail can still say once that it ended. */
const expiredHoldKeptMs = 7 * 86_400_000;

export interface LocalCommandRecord {
  project: string;
  stack: string;
  command: SteerCommand;
}

/** The record's shape, judged at `now`. */
export function localCommandRecordSchema(now: Date): z.ZodType<LocalCommandRecord> {
  return z.object({
    project: z.string().min(1).max(200),
    stack: z.string().min(1).max(200),
    command: steerCommandSchema
      .refine((c) => c.id.startsWith("local-"), { message: 'a local command\'s id starts with "local-"' })
      .refine((c) => Date.parse(c.at) <= now.getTime() + clockSkewMs, { message: "written in the future" }),
  });
}

/**
 * The records that still mean something at `now`, in file order: per stack, the latest hold no
 * resume came after (until a week after it expired), the latest approval and the latest resume,
 * each once. Older ones are used up: a later command of the same kind, or a resume, replaced them.
 */
export function liveLocalCommands(records: readonly LocalCommandRecord[], now: Date): LocalCommandRecord[] {
  const firstOfId = new Map<string, LocalCommandRecord>();
  for (const r of records) if (!firstOfId.has(r.command.id)) firstOfId.set(r.command.id, r);
  const byStack = new Map<string, LocalCommandRecord[]>();
  for (const r of firstOfId.values()) {
    const key = JSON.stringify([r.project, r.stack]);
    byStack.set(key, [...(byStack.get(key) ?? []), r]);
  }
  const live = new Set<string>();
  for (const stackRecords of byStack.values()) {
    const { hold, approval, resume } = steeringOf(stackRecords.map((r) => r.command));
    if (hold && Date.parse(hold.until) + expiredHoldKeptMs > now.getTime()) live.add(hold.id);
    if (approval) live.add(approval.id);
    if (resume) live.add(resume.id);
  }
  return [...firstOfId.values()].filter((r) => live.has(r.command.id));
}
