// reconciler.yaml's `attribution:` (who changed a drifted resource, docs/who-changed-it.md) and a
// stack's `policy.breakGlass` (drift made by an emergency role is held, not reverted at once).
import { z } from "zod";
import { durationHint, durationPattern } from "./duration.js";

const duration = () => z.string().regex(durationPattern, durationHint);

export const attributionConfigSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Look up who changed each drifted resource in the cloud's audit log"),
  maxRequests: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(20)
    .describe("Audit-log requests per stack and cycle; the rest is not looked up this cycle"),
  maxTime: duration().default("20s").describe("Time per stack and cycle; the rest is not looked up this cycle"),
  retryFor: duration()
    .default("2h")
    .describe("How long a change not yet in the audit log is looked up again on later cycles"),
});

export const breakGlassSchema = z.strictObject({
  principals: z
    .array(z.string().min(1))
    .min(1, "must list at least one principal")
    .describe("IAM ARNs (or fixture user names) of the emergency roles; * matches any run of characters"),
  holdFor: duration().default("4h").describe("How long after their change the heal is held"),
});

export type AttributionConfig = z.infer<typeof attributionConfigSchema>;
export type BreakGlass = z.infer<typeof breakGlassSchema>;
