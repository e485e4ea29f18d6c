// One line of the audit journal (journal.ts), and its shape as checked when the journal is read:
// a line of another shape is moved aside with the unreadable ones, never applied.
import { z } from "zod";
import { stackHistorySchema } from "../core/stack-history-schema.js";
import { auditEventSchema } from "./audit-event-schema.js";

const id = z.string().min(1);

export const journalRecordSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("event"), event: auditEventSchema }),
  z.object({ t: z.literal("delivered"), id }),
  z.object({ t: z.literal("rejected"), id, reason: z.string() }),
  /** A started heal that never ran: told to no one. */
  z.object({ t: z.literal("cancelled"), id }),
  /** The heal attempt has its result (or never ran): it is not open any more. */
  z.object({ t: z.literal("heal-closed"), attempt: id }),
  /** The stack's history as last read back from the tracker, for when the tracker is down. */
  z.object({ t: z.literal("memory"), key: id, memory: stackHistorySchema }),
]);

export type JournalRecord = z.infer<typeof journalRecordSchema>;
