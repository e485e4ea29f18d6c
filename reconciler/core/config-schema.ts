// reconciler.yaml: the one place that says which stacks to reconcile and how.
// Parsed once (load-config.ts); unknown keys are rejected; the types derive from here.
import { CronExpressionParser } from "cron-parser";
import cron from "node-cron";
import { z } from "zod";
import { durationHint, durationPattern } from "./duration.js";
import { isLoopbackHost } from "./loopback-host.js";
import { notifySchema } from "./notify-config.js";
import { attributionConfigSchema, breakGlassSchema } from "./attribution-config.js";

const duration = () => z.string().regex(durationPattern, durationHint);

const cronExpression = z.string().refine(
  (expr) => {
    try {
      CronExpressionParser.parse(expr);
      return expr.trim().split(/\s+/).length === 5;
    } catch {
      return false;
    }
  },
  {
    message: 'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 18 * * 5"',
  },
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
  name: z.string().min(1).optional().describe("Shown in the reason a heal was held, e.g. weekend-freeze"),
  cron: cronExpression.describe("When the window opens"),
  duration: duration().describe("How long the window stays open from each start, e.g. 64h"),
  timezone: timezone.default("UTC").describe("IANA time zone the cron expression is read in"),
});

export const pendingChangesModes = ["include", "exclude", "block"] as const;

export const policySchema = z.strictObject({
  mode: z.enum(["detect", "heal"]).default("detect").describe("detect: report only; heal: run up within the guards"),
  pendingChanges: z
    .enum(pendingChangesModes)
    .default("block")
    .describe("What a heal does about code changes not yet deployed: deploy them too, leave them out, or not heal"),
  /** Defaults: 0 for a production stack, 10 otherwise. */
  maxDeletes: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Most resources a heal may delete; default 0 for a production stack, 10 otherwise"),
  maxReplaces: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Most resources a heal may replace; default 0 for a production stack, 10 otherwise"),
  protectedTypes: z
    .array(z.string().min(1))
    .default([])
    .describe("Resource types a heal may never delete or replace, e.g. aws:rds/instance:Instance"),
  massDeletionThreshold: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe(
      "No heal when this share of the stack's resources is gone from the cloud (credentials or region look wrong)",
    ),
  freezeWindows: z.array(freezeWindowSchema).default([]).describe("No heal while one of these windows is open"),
  /** A stack held by the same lock for longer than this is `stuck`, not `busy` (core/lock-verdict.ts). */
  staleLockAfter: duration()
    .default("30m")
    .describe(
      "A stack held by the same lock for longer than this is stuck, not busy; a lock whose holder is provably gone is stuck at once",
    ),
  /** Clear a stale lock (Automation API cancel) when its holder is provably gone. */
  cancelStaleLocks: z
    .boolean()
    .default(false)
    .describe("Clear a stale lock (pulumi cancel) when its holder is provably gone"),
  /** Stop healing drift that keeps coming back: the same fingerprint healed maxHeals times within window. */
  flapping: z
    .strictObject({
      maxHeals: z.number().int().min(1).default(3).describe("Heals of the same drift allowed within window"),
      window: duration().default("24h").describe("How far back heals are counted"),
    })
    .prefault({})
    .describe("Stop healing drift that keeps coming back"),
  /** How long drift must have been seen (since its episode opened) before it is healed; 0s heals at once. */
  healAfter: duration()
    .default("0s")
    .describe("How long drift must have been seen before it is healed (time for a person to look); 0s heals at once"),
  /** Drift made by these principals (an emergency role) is held for holdFor, needs-attention (core/break-glass.ts). */
  breakGlass: breakGlassSchema
    .optional()
    .describe("Drift made by these principals (an emergency role) is held for holdFor, as needs-attention"),
  /**
   * Detection runs the program (to find pending code changes) only when its answer can matter: drift
   * was found, the program changed, or this many cycles / this long since the last check (for
   * external data the program reads). 1 or "0s": every cycle.
   */
  pendingCheckEvery: z
    .union([z.number().int().min(1), duration()])
    .default(6)
    .describe(
      "Run the program to look for pending code changes at least every N cycles or this long; 1 or 0s: every cycle",
    ),
});

export const ignoreRuleSchema = z.strictObject({
  type: z.string().min(1).describe("Resource type token, or * for any"),
  path: z.string().min(1).describe("Property path; * matches one segment, a trailing ** the rest"),
  reason: z.string().optional().describe("Why the property is ignored, for the next reader"),
});

function envNameSchema() {
  return z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
}
const envName = envNameSchema();

/**
 * A variable the engine gets from the reconciler's environment: `NAME`, or `{ from, to }` to
 * rename it, so that stacks in one process hold different values under the name their
 * provider reads (`{ from: PROD_PULUMI_CONFIG_PASSPHRASE, to: PULUMI_CONFIG_PASSPHRASE }`).
 */
const passEnvEntry = z
  .union(
    [
      envName,
      z.strictObject({
        from: envName.describe("Variable read from the reconciler's environment"),
        to: envName.describe("Name the engine sees it under"),
      }),
    ],
    {
      error: "must be a variable name, or { from: NAME, to: NAME }",
    },
  )
  .transform((entry) => (typeof entry === "string" ? { from: entry, to: entry } : entry));

export const stackConfigSchema = z.strictObject({
  name: z.string().min(1).describe("Stack name, e.g. prod"),
  project: z.string().min(1).optional().describe("Pulumi project name; default: name in Pulumi.yaml"),
  workDir: z.string().min(1).default(".").describe("Project directory, relative to the config file"),
  program: z
    .string()
    .regex(/^[^#]+#[A-Za-z_$][\w$]*$/, "must be <module path>#<exported function>, e.g. infra/program.ts#program")
    .optional()
    .describe(
      "Module exporting the inline program, relative to the config file; without it the project's own " +
        "program runs through the language host its Pulumi.yaml names (runtime)",
    ),
  backend: z
    .string()
    .regex(/^(file|s3|gs|azblob|https?):\/\//, "must be a backend URL: file://, s3://, gs://, azblob:// or https://")
    .describe("The stack's state backend: file://, s3://, gs://, azblob:// or https:// (Pulumi Cloud)"),
  secretsProvider: z
    .string()
    .min(1)
    .optional()
    .describe("Secrets provider of the stack, e.g. awskms://alias/prod; default: the passphrase provider"),
  env: z
    .record(envName, z.string())
    .default({})
    .describe("Variables set in the engine's environment (plain values only: never secrets)"),
  passEnv: z
    .array(passEnvEntry)
    .default([])
    .describe("Variables copied from the reconciler's environment (secrets stay out of the file), optionally renamed"),
  /** Added to the engine's environment for the heal's `up` only, over env and passEnv: detection can run read-only. */
  healEnv: z
    .record(envName, z.string())
    .default({})
    .describe("Like env, for the heal's up only, over env and passEnv: detection can run read-only"),
  healPassEnv: z
    .array(passEnvEntry)
    .default([])
    .describe("Like passEnv, for the heal's `up` only (e.g. a write role's AWS_PROFILE); detection never sees them"),
  engine: z
    .strictObject({
      parallel: z
        .number()
        .int()
        .min(1)
        .max(256)
        .optional()
        .describe("Resource operations the engine runs at once (its --parallel); default: the engine's own"),
    })
    .prefault({})
    .describe("Settings handed to the Pulumi engine for every operation on this stack"),
  production: z.boolean().default(false).describe("Stricter defaults (maxDeletes and maxReplaces 0)"),
  policy: policySchema.prefault({}).describe("What the reconciler may do about this stack's drift"),
});

export const severities = ["low", "medium", "high", "critical"] as const;

export const severityRuleSchema = z.strictObject({
  severity: z.enum(severities).describe("The severity of a drift item this rule matches (the first match wins)"),
  type: z.string().min(1).optional().describe("Resource type glob"),
  path: z.string().min(1).optional().describe("Property path pattern, as in ignore rules"),
  kind: z.enum(["modified", "deleted"]).optional().describe("Matches only this kind of drift"),
  openPorts: z
    .array(z.number().int().min(0).max(65535))
    .optional()
    .describe("Matches an ingress rule open to the internet on one of these ports"),
});

/** Used when no severity rules are configured: SSH/RDP open to the world is critical, tags are low. */
export const defaultSeverityRules: z.infer<typeof severityRuleSchema>[] = [
  { severity: "critical", path: "ingress", openPorts: [22, 3389] },
  { severity: "high", kind: "deleted" },
  { severity: "low", path: "tags" },
  { severity: "low", path: "tagsAll" },
];

export { isLoopbackHost };

/** The token travels with every request: https only; plain http only to this machine (test servers). */
const githubApiUrl = z.url().refine(
  (raw) => {
    const url = new URL(raw);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  },
  { message: "must be an https:// URL (plain http:// only to localhost or 127.0.0.1)" },
);

/** The drift dashboard issue: `true` for the defaults, or the settings to change. */
const dashboardSchema = z.preprocess(
  (value) => (value === true ? {} : value),
  z
    .strictObject({
      title: z.string().min(1).max(200).default("Drift dashboard").describe("The dashboard issue's title"),
      label: z.string().min(1).default("drift-dashboard").describe("The label that finds the dashboard issue"),
      staleAfter: duration()
        .default("24h")
        .describe("A shard whose section was not written for this long shows as stale"),
    })
    .describe(
      "An issue listing every watched stack, one comment per shard, written only when it changed; true for the defaults",
    ),
);

const githubSchema = z
  .strictObject({
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name")
      .describe("owner/name of the repository the tracking issues live in"),
    baseUrl: githubApiUrl.default("https://api.github.com").describe("GitHub Enterprise Server: https://HOST/api/v3"),
    tokenEnv: envNameSchema().optional().describe("Environment variable holding the token (GITHUB_TOKEN in Actions)"),
    app: z
      .strictObject({
        appIdEnv: envNameSchema().describe("Variable holding the App's id"),
        privateKeyEnv: envNameSchema().describe("Variable holding the App's private key (PEM)"),
        installationIdEnv: envNameSchema().describe("Variable holding the installation id"),
      })
      .optional()
      .describe("Authenticate as a GitHub App installation instead of a token"),
    labels: z
      .array(z.string().min(1))
      .default(["drift"])
      .describe("Labels of every tracking issue; the first one is how the reconciler finds its issues"),
    dashboard: dashboardSchema.optional(),
    author: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/, "must be a GitHub login, e.g. octocat or my-app[bot]")
      .optional()
      .describe(
        "Login that opens the reconciler's issues (only its issues and comments count); default: the token's " +
          "user, the App's <slug>[bot], or github-actions[bot] for GITHUB_TOKEN in Actions",
      ),
    signingKeyEnv: envNameSchema()
      .optional()
      .describe(
        "Variable holding the key (32 characters or more) the reconciler signs its issues and comments with; " +
          "required when the token is shared (github-actions[bot], or author set): unsigned ones are then ignored",
      ),
    signingKeyPreviousEnv: envNameSchema()
      .optional()
      .describe(
        "Variable holding the key used before signingKeyEnv's: still accepted when reading, never used to sign",
      ),
    repliesPerCycle: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe(
        "Most comments the reconciler writes in answer to people's commands on one issue in one cycle " +
          "(default 5); later commands wait for the next cycle",
      ),
    reactionsPerCycle: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe(
        "Most reactions to commands from people without write access on one issue in one cycle (default 10); " +
          "later ones are never answered, and one warning counts them",
      ),
  })
  .refine((g) => (g.tokenEnv === undefined) !== (g.app === undefined), {
    message: "set exactly one of tokenEnv or app",
  })
  .refine((g) => g.signingKeyPreviousEnv === undefined || g.signingKeyEnv !== undefined, {
    message: "signingKeyPreviousEnv needs signingKeyEnv (the key new issues and comments are signed with)",
  });

export const auditSchema = z.strictObject({
  dir: z
    .string()
    .min(1)
    .default(".reconciler")
    .describe("The audit journal and the local trail, relative to the config file"),
  github: githubSchema.optional().describe("Track drift in GitHub issues; without it, the local trail in dir"),
  runUrl: z
    .string()
    .optional()
    .describe("Link to this run, shown in issues; default from GITHUB_* variables in Actions"),
});

const serviceCron = z.string().refine((expr) => cron.validate(expr), {
  message: 'must be a cron expression (5 fields, or 6 with seconds first), e.g. "*/15 * * * *"',
});

export const serviceSchema = z.strictObject({
  schedule: serviceCron.default("*/15 * * * *").describe("When serve runs a cycle (node-cron syntax)"),
  timezone: timezone.default("UTC").describe("IANA time zone the schedule is read in"),
  /** Random delay before each cycle, to spread load across reconcilers. */
  maxStartDelaySeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe("Random delay before each cycle, to spread load across reconcilers"),
  port: z.number().int().min(0).max(65535).default(8080).describe("HTTP port of /healthz, /readyz, /metrics and /"),
  /** This machine only by default; a container sets 0.0.0.0 to be reachable from outside it. */
  host: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("Address to listen on; a container sets 0.0.0.0 to be reachable from outside it"),
  allowedHosts: z
    .array(z.string().regex(/^[A-Za-z0-9.-]+$/, "must be a host name, without port"))
    .default([])
    .describe("Host header names answered besides IP addresses, localhost and host (e.g. the Service's DNS name)"),
  runTokenEnv: envNameSchema()
    .optional()
    .describe("Variable holding the bearer token POST /run requires; without it, POST /run is disabled"),
  readTokenEnv: envNameSchema()
    .optional()
    .describe("Variable holding a token that / and /metrics then require (bearer, or basic auth password)"),
  /** After a cycle ends, POST /run is refused (429) for this long. */
  runCooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(86400)
    .default(60)
    .describe("After a cycle ends, POST /run is refused (429) for this long"),
  /** On SIGTERM: how long a running cycle may finish before it is aborted. */
  shutdownGraceSeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(60)
    .describe("On SIGTERM: how long a running cycle may finish before it is aborted"),
});

export const reconcilerConfigSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(32).default(2).describe("How many stacks are worked on at once"),
  service: serviceSchema.prefault({}).describe("reconciler serve: schedule and HTTP endpoints"),
  audit: auditSchema.prefault({}).describe("Where the audit trail goes: the journal, GitHub issues or the local trail"),
  severity: z
    .array(severityRuleSchema)
    .default(defaultSeverityRules)
    .describe(
      "Rules giving each drift item a severity; default: SSH/RDP open to the world critical, deletes high, tags low",
    ),
  ignore: z.array(ignoreRuleSchema).default([]).describe("Properties whose drift is never reported or healed"),
  freezeWindows: z.array(freezeWindowSchema).default([]).describe("Apply to every stack"),
  stacks: z.array(stackConfigSchema).min(1, "must list at least one stack").describe("The stacks to reconcile"),
  notify: notifySchema,
  attribution: attributionConfigSchema
    .prefault({})
    .describe(
      "Who changed a drifted resource, from the cloud's audit log: budget and retries (docs/who-changed-it.md)",
    ),
});

export type FreezeWindow = z.infer<typeof freezeWindowSchema>;
export type StackPolicy = z.infer<typeof policySchema>;
export type IgnoreRule = z.infer<typeof ignoreRuleSchema>;
export type StackConfig = z.infer<typeof stackConfigSchema>;
export type ReconcilerConfig = z.infer<typeof reconcilerConfigSchema>;
export type Severity = (typeof severities)[number];
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type SeverityRule = z.infer<typeof severityRuleSchema>;
export type AuditConfig = z.infer<typeof auditSchema>;
export type GitHubConfig = NonNullable<AuditConfig["github"]>;
export type DashboardConfig = NonNullable<GitHubConfig["dashboard"]>;
