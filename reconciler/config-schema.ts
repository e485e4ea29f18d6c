// reconciler.yaml: the one place that says which stacks to reconcile and how.
// Parsed once (load-config.ts); unknown keys are rejected; the types derive from here.
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";

export const durationPattern = /^([1-9]\d*)(m|h|d)$/;

const cronExpression = z.string().refine(
  (expr) => {
    try {
      CronExpressionParser.parse(expr);
      return expr.trim().split(/\s+/).length === 5;
    } catch {
      return false;
    }
  },
  { message: "must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 18 * * 5\"" },
);

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be an IANA time zone such as UTC or Europe/Berlin" },
);

export const freezeWindowSchema = z.strictObject({
  name: z.string().min(1).optional(),
  cron: cronExpression.describe("When the window opens"),
  duration: z.string().regex(durationPattern, "must be a duration like 30m, 12h or 2d"),
  timezone: timezone.default("UTC"),
});

export const pendingChangesModes = ["include", "exclude", "block"] as const;

export const policySchema = z.strictObject({
  mode: z.enum(["detect", "heal"]).default("detect"),
  pendingChanges: z.enum(pendingChangesModes).default("block"),
  /** Defaults: 0 for a production stack, 10 otherwise. */
  maxDeletes: z.number().int().min(0).optional(),
  maxReplaces: z.number().int().min(0).optional(),
  protectedTypes: z.array(z.string().min(1)).default([]),
  massDeletionThreshold: z.number().gt(0).max(1).default(0.5),
  freezeWindows: z.array(freezeWindowSchema).default([]),
});

export const ignoreRuleSchema = z.strictObject({
  type: z.string().min(1).describe("Resource type token, or * for any"),
  path: z.string().min(1).describe("Property path; * matches one segment, a trailing ** the rest"),
  reason: z.string().optional(),
});

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const stackConfigSchema = z.strictObject({
  name: z.string().min(1).describe("Stack name, e.g. prod"),
  project: z.string().min(1).optional().describe("Pulumi project name; default: name in Pulumi.yaml"),
  workDir: z.string().min(1).default(".").describe("Project directory, relative to the config file"),
  program: z
    .string()
    .regex(/^[^#]+(#[A-Za-z_$][\w$]*)?$/, "must be <module path>[#<export>], e.g. infra/program.ts#program")
    .describe("Module exporting the inline program, relative to the config file"),
  backend: z.string().regex(/^(file|s3|gs|azblob|https?):\/\//, "must be a backend URL: file://, s3://, gs://, azblob:// or https://"),
  secretsProvider: z.string().min(1).optional(),
  env: z.record(envName, z.string()).default({}),
  passEnv: z.array(envName).default([]).describe("Variables copied from the reconciler's environment (secrets stay out of the file)"),
  production: z.boolean().default(false),
  policy: policySchema.prefault({}),
});

export const reconcilerConfigSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(32).default(2),
  ignore: z.array(ignoreRuleSchema).default([]),
  freezeWindows: z.array(freezeWindowSchema).default([]).describe("Apply to every stack"),
  stacks: z.array(stackConfigSchema).min(1, "must list at least one stack"),
});

export type FreezeWindow = z.infer<typeof freezeWindowSchema>;
export type StackPolicy = z.infer<typeof policySchema>;
export type IgnoreRule = z.infer<typeof ignoreRuleSchema>;
export type StackConfig = z.infer<typeof stackConfigSchema>;
export type ReconcilerConfig = z.infer<typeof reconcilerConfigSchema>;
