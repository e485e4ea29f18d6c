// The shape of a command read back from a file (the journal's copy of a stack's history, the
// local command file): never trusted as written. Times must be real instants; a hold ends after
// it began and lasts at most as long as one given on the issue may. Pure.
import { z } from "zod";
import { formatDuration } from "./duration.js";
import { maxHoldMs, maxReasonLength, type SteerCommand } from "./steer-command.js";

/** An ISO 8601 instant, as `Date.toISOString()` writes it (an offset is accepted too). */
export const isoInstant = z.iso.datetime({ offset: true });

const base = {
  id: z.string().min(1).max(200),
  by: z.string().min(1).max(200),
  at: isoInstant,
  fingerprint: z.string().min(1).max(128).optional(),
};

export const steerCommandSchema = z
  .discriminatedUnion("kind", [
    z.object({
      ...base,
      kind: z.literal("hold"),
      until: isoInstant,
      reason: z.string().max(maxReasonLength).optional(),
    }),
    z.object({ ...base, kind: z.literal("heal"), massDeletion: z.boolean() }),
    z.object({ ...base, kind: z.literal("resume") }),
  ])
  .superRefine((command, ctx) => {
    if (command.kind !== "hold") return;
    const lasts = Date.parse(command.until) - Date.parse(command.at);
    if (!(lasts > 0)) ctx.addIssue({ code: "custom", path: ["until"], message: "a hold must end after it began" });
    if (lasts > maxHoldMs)
      ctx.addIssue({ code: "custom", path: ["until"], message: `a hold lasts at most ${formatDuration(maxHoldMs)}` });
  });

// The schema says exactly what the type says: a change to one fails here until the other follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof steerCommandSchema>, SteerCommand> = true;
void sameShape;
