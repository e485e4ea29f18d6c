// The shape of a stack's history as the journal keeps a copy of it (for when the tracker is
// down): checked when read back, never trusted as written. Pure.
import { z } from "zod";
import type { StackHistory } from "./stack-history.js";
import { isoInstant, steerCommandSchema } from "./steer-command-schema.js";

export const stackHistorySchema = z.object({
  episodeSince: isoInstant.optional(),
  heals: z.array(z.object({ fingerprint: z.string().min(1).max(128), at: isoInstant })),
  fingerprint: z.string().min(1).max(128).optional(),
  commands: z.array(steerCommandSchema).optional(),
  commandsRead: z
    .object({ issue: z.number().int().positive(), at: z.string(), ids: z.array(z.number().int()) })
    .optional(),
});

// The schema says exactly what the type says: a change to one fails here until the other follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof stackHistorySchema>, StackHistory> = true;
void sameShape;
