// The shape of an audit event read back from the journal: checked field by field before it is
// delivered or counted, so a record written by hand or by another version never reaches the
// tracker half-formed.
import { z } from "zod";
import { severities } from "../core/config-schema.js";
import type { AuditEvent } from "./audit-events.js";

const text = z.string();
const severity = z.enum(severities);

const base = {
  id: z.string().min(1).max(200),
  at: text,
  project: z.string().min(1),
  stack: z.string().min(1),
  runUrl: text.optional(),
};

const heal = { ...base, fingerprint: text, attempt: z.string().min(1), severity: severity.optional() };

const drifted = z.object({
  resource: text,
  type: text,
  change: z.enum(["modified", "deleted"]),
  path: text.optional(),
  cloud: text.optional(),
  deployed: text.optional(),
  changedBy: text.optional(),
});

export const auditEventSchema = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("drift-detected"),
    fingerprint: text,
    severity,
    report: text,
    attention: z.object({ why: text, reason: text }).optional(),
    episode: z.enum(["opened", "changed"]).optional(),
    decision: z.object({ action: z.enum(["heal", "report"]), guard: text.optional(), reason: text }).optional(),
    drifted: z.array(drifted).optional(),
    driftedCount: z.number().int().nonnegative().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("drift-flapping"),
    fingerprint: text,
    reason: text,
    severity: severity.optional(),
  }),
  z.object({ ...heal, kind: z.literal("heal-started"), plan: text }),
  z.object({ ...heal, kind: z.literal("healed"), summary: text }),
  z.object({ ...heal, kind: z.literal("heal-not-done"), reason: text, why: text }),
  z.object({ ...heal, kind: z.literal("heal-interrupted"), startedAt: text, plan: text }),
  z.object({ ...base, kind: z.literal("drift-resolved"), summary: text }),
  z.object({ ...base, kind: z.literal("stack-stuck"), reason: text }),
  z.object({ ...base, kind: z.literal("lock-cleared"), summary: text }),
  z.object({ ...base, kind: z.literal("drift-attributed"), text, changedBy: z.array(text) }),
  z.object({
    ...base,
    kind: z.literal("steering"),
    text,
    commentId: z.number().int().optional(),
    reaction: z.enum(["+1", "confused"]).optional(),
    addLabels: z.array(text).optional(),
    removeLabels: z.array(text).optional(),
  }),
]);

// The schema says exactly what the type says: a change to one fails here until the other follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof auditEventSchema>, AuditEvent> = true;
void sameShape;
