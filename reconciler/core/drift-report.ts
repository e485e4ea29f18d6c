// The DriftReport: what one detection found for one stack. The zod schema is the single
// source of the TypeScript type and of the committed JSON Schema (schema/drift-report.json).
import { z } from "zod";
import { attributionSchema } from "./attribution.js";

export const stackStatuses = ["in-sync", "drifted", "pending", "drifted+pending", "busy", "stuck", "error"] as const;

const propertyPath = z.string().describe("Property path, e.g. ingress[1].fromPort or tags.Environment");
const deployedValue = z
  .unknown()
  .optional()
  .describe("Value in the last deployed state; [secret] for secrets; absent when it was not set");

/** One drifted property: what the cloud has now vs what the last deployment left there. */
const driftPropertySchema = z.object({
  path: propertyPath,
  cloud: z.unknown().optional().describe("Value in the cloud now (refreshed); [secret] for secrets; absent when gone"),
  deployed: deployedValue,
});

/** One property a pending code change would set: the last deployed value vs what the program declares. */
const pendingPropertySchema = z.object({
  path: propertyPath,
  deployed: deployedValue,
  code: z.unknown().optional().describe("Value the program declares now; [secret] for secrets; absent when removed"),
});

const driftItemSchema = z.object({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  kind: z.enum(["modified", "deleted"]),
  properties: z.array(driftPropertySchema),
  id: z.string().optional().describe("The resource's physical id in the cloud (security group id, ARN, …)"),
  attribution: attributionSchema
    .optional()
    .describe("Who changed it, from the cloud's audit log (docs/who-changed-it.md); absent when not looked up"),
});

const pendingItemSchema = z.object({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  op: z.enum(["create", "update", "delete", "replace"]),
  properties: z.array(pendingPropertySchema),
});

/** What `up` would do, from the preview with refresh: the input to the policy's guards. */
const planStepSchema = z.object({
  urn: z.string(),
  type: z.string(),
  op: z.string().describe("Engine step op: create, update, delete, replace, create-replacement, …"),
});

export const driftReportSchema = z.object({
  stack: z.string(),
  project: z.string(),
  backend: z.string().describe("State backend URL with credentials redacted"),
  status: z.enum(stackStatuses),
  startedAt: z.string().describe("ISO 8601"),
  durationMs: z.number().int().nonnegative(),
  engineOperations: z
    .array(
      z.object({
        name: z.string(),
        durationMs: z.number().int().nonnegative(),
        startMs: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe("When it started, in ms after the detection started: two previews can run side by side"),
      }),
    )
    .describe("The engine calls, in the order they started"),
  drift: z.array(driftItemSchema),
  pending: z.array(pendingItemSchema),
  plan: z.array(planStepSchema),
  resourceCount: z.number().int().nonnegative().describe("Managed resources in the last deployed state"),
  ignoredDifferences: z.number().int().nonnegative(),
  error: z.string().optional().describe("Set when status is error, busy or stuck"),
  lock: z
    .object({
      url: z.string().describe("The lock file, credentials masked"),
      user: z.string(),
      host: z.string(),
      pid: z.number().int(),
      since: z.string().describe("When the lock was taken (ISO 8601)"),
    })
    .optional()
    .describe("Set when status is stuck: the stale lock and its holder"),
  checks: z
    .object({
      pending: z
        .enum(["checked", "cached", "skipped"])
        .describe(
          "checked: the program ran to find pending code changes; cached: it did not, the last check's answer (no pending changes) still holds; skipped: not looked for (a verification after a heal that involved no pending change)",
        ),
      why: z
        .enum(["drift-found", "program-changed", "pending-found", "due", "forced", "no-record"])
        .optional()
        .describe(
          "Why the program ran: drift was found, the program changed, the last check found pending changes, the check was due (policy.pendingCheckEvery), asked for, or never made",
        ),
      pendingFrom: z
        .enum(["plan", "preview"])
        .optional()
        .describe(
          "checked: where the pending changes were read. plan: off the same preview with refresh that gives the heal plan (no further engine call); preview: a plain preview (no drift, or drift on resources the code also changes, where the plan cannot tell the two apart)",
        ),
      pendingCheckedAt: z
        .string()
        .optional()
        .describe("cached: when the program last ran to check (ISO 8601); the cached answer holds since then"),
    })
    .optional()
    .describe("Which engine checks ran: drift is always checked (a refresh preview); pending only when it can matter"),
});

export type StackStatus = (typeof stackStatuses)[number];
export type DriftProperty = z.infer<typeof driftPropertySchema>;
export type PendingProperty = z.infer<typeof pendingPropertySchema>;
export type DriftItem = z.infer<typeof driftItemSchema>;
export type PendingItem = z.infer<typeof pendingItemSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;
export type DriftReport = z.infer<typeof driftReportSchema>;

/** The status that follows from what was found. */
export function stackStatusOf(drift: readonly unknown[], pending: readonly unknown[]): StackStatus {
  if (drift.length > 0 && pending.length > 0) return "drifted+pending";
  if (drift.length > 0) return "drifted";
  if (pending.length > 0) return "pending";
  return "in-sync";
}

/** A report that found nothing and took no time: the identity fields, then `rest` on top. Pure. */
export function blankReport(
  id: Pick<DriftReport, "stack" | "project" | "backend" | "status" | "startedAt">,
  rest: Partial<DriftReport> = {},
): DriftReport {
  return {
    ...id,
    durationMs: 0,
    engineOperations: [],
    drift: [],
    pending: [],
    plan: [],
    resourceCount: 0,
    ignoredDifferences: 0,
    ...rest,
  };
}

export function driftReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(z.array(driftReportSchema), { target: "draft-2020-12", unrepresentable: "any" });
}
