// The library API: detectDrift and reconcile over the configured stacks, with bounded
// concurrency; one stack's failure never stops the others.
import type { EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../core/clock.js";
import { blankReport, type DriftReport } from "../core/drift-report.js";
import type { Env, LoadedConfig, LoadedStack } from "../core/loaded-config.js";
import { mapBounded } from "../core/map-bounded.js";
import { configSecrets } from "../core/config-secrets.js";
import { createRedactor, redactBackendUrl, redactDeep, redactingAlso, type Redact } from "../core/redact.js";
import { selectStacks } from "../core/select-stacks.js";
import type { Shard } from "../core/shard.js";
import { engineEnv } from "../core/engine-env.js";
import { healStackEnv, stackEnv } from "../core/stack-env.js";
import type { decide } from "../core/policy.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import type { StackTrailFactory } from "../core/stack-trail.js";
import { classifyEngineError } from "./engine-errors.js";
import { cliRoot, getPulumiCli } from "./pulumi-cli.js";
import { reconcileStack } from "./reconcile-stack.js";
import { stackTarget } from "./stack-target.js";
import { openStack } from "./stack-workspace.js";
import type { StackCache } from "./stack-cache.js";
import { filePendingStore, programFingerprint, type PendingCheckStore } from "./pending-check.js";
import type { PendingCheck } from "./detect-stack.js";
import type { ActivitySource } from "../core/attribution-source.js";
import { fileAttributionStore, type AttributionStore } from "./attribution-store.js";
import { stackAttribution } from "./attribute-drift.js";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { stackIdOf, stackKey, stackPath } from "../core/stack-id.js";

export interface RunOptions {
  config: LoadedConfig;
  /** Only these stacks, each `project/stack` or a bare name (core/select-stacks.ts; default: all configured). */
  stacks?: readonly string[];
  /** Only the stacks whose name hashes to this shard. */
  shard?: Shard;
  signal?: AbortSignal;
  pulumiCommand?: PulumiCommand;
  /** Without pulumiCommand: a folder holding bin/pulumi (default: the project's .tools folder). */
  pulumiCliRoot?: string;
  now?: Clock;
  /**
   * Where `passEnv` and `healPassEnv` variables are read from (the CLI hands down its snapshot;
   * a library caller passes process.env to do the same). Default: none, so engines get only the
   * engine settings (core/engine-env.ts) and what the stack config itself names (`env`).
   * Either way, every other variable of `env` and of this process reaches engines empty
   * (engine/stack-workspace.ts clears what they would inherit).
   */
  env?: Env;
  /** `stack` is the stack's project/stack. */
  onProgress?: (stack: string, operation: string, event: EngineEvent) => void;
  /** Gets a child logger per stack run. */
  logger?: Logger;
  /** The heal policy (default: core/policy.ts's decide). */
  decide?: typeof decide;
  /** Each stack's audit trail, told every stage as it happens (audit/audit-trail.ts). */
  trail?: StackTrailFactory;
  /**
   * Where the last pending check of each stack is kept (engine/pending-check.ts): default
   * <audit.dir>/pending-checks.json; false runs the program every time.
   */
  pendingChecks?: PendingCheckStore | false;
  /** Run every program this time, whatever the record says (`detect --check-pending`). */
  forcePendingCheck?: boolean;
  /** Stacks kept open across runs (a service's cycles: engine/stack-cache.ts); default: opened each run. */
  stackCache?: StackCache;
  /** The run's output redactor (default: one for this config's secrets, core/config-secrets.ts). */
  redact?: Redact;
  /**
   * Who changed the drift (docs/who-changed-it.md): the audit logs to read, one per provider, and
   * where lookups wait for a later cycle (default <audit.dir>/attributions.json). Without it, or with
   * `attribution.enabled: false` in the config, the reports carry no attribution.
   */
  attribution?: { sources: readonly ActivitySource[]; store?: AttributionStore };
}

/** RunOptions with the defaults applied once, at the top of a run. */
type RunContext = Omit<RunOptions, "now" | "env" | "pendingChecks" | "redact" | "attribution"> & {
  pendingChecks?: PendingCheckStore;
  attribution?: { sources: readonly ActivitySource[]; store: AttributionStore };
  now: Clock;
  env: Env;
  heal: boolean;
  cli: PulumiCommand;
  /** For everything an outcome carries out of the engine (core/redact.ts). */
  redact: Redact;
};

function failedOutcome(stack: LoadedStack, status: "busy" | "error", message: string, startedAt: Date): StackOutcome {
  const id = {
    stack: stack.name,
    project: stack.project ?? "",
    backend: redactBackendUrl(stack.backend),
    status,
    startedAt: startedAt.toISOString(),
  };
  const report = blankReport(id, { error: message });
  return {
    stack: stack.name,
    project: report.project,
    outcome: status,
    decision: { action: "none", reason: message },
    report,
  };
}

/** The first call's promise, returned to every call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** One stack, checked (and healed when `ctx.heal`), redacted, then logged. */
async function runStack(stack: LoadedStack, ctx: RunContext): Promise<StackOutcome> {
  const log = ctx.logger?.child({ stack: stack.name, project: stack.project });
  const outcome = redactDeep(await checkStack(stack, ctx, log), ctx.redact);
  const { report } = outcome;
  const fields = {
    status: report.status,
    outcome: outcome.outcome,
    drift: report.drift.length,
    pending: report.pending.length,
    durationMs: report.durationMs,
  };
  if (outcome.outcome === "error" || outcome.outcome === "heal-failed") {
    log?.error({ ...fields, error: report.error ?? outcome.heal?.error }, "stack failed");
  } else if (outcome.decision.action === "report") {
    // A warning only where a heal was wanted; `detect` never heals.
    const blocked = { ...fields, guard: outcome.decision.guard, reason: outcome.decision.reason };
    if (ctx.heal) log?.warn(blocked, "heal blocked");
    else log?.info(blocked, "heal blocked");
  } else {
    log?.info(fields, "stack checked");
  }
  return outcome;
}

async function checkStack(stack: LoadedStack, ctx: RunContext, log: Logger | undefined): Promise<StackOutcome> {
  const ownEnv = stackEnv(stack, ctx.env);
  const healEnv = healStackEnv(stack, ctx.env);
  // Engine errors lose every value of the stack's own environment, secret or not.
  const redact = redactingAlso(ctx.redact, [...Object.values(ownEnv), ...Object.values(healEnv)]);
  try {
    const target = await stackTarget(stack, engineEnv(ownEnv, ctx.env));
    const id = stackIdOf({ ...stack, project: target.project });
    const engineStack = await (ctx.stackCache ? ctx.stackCache.open(target, ctx.cli) : openStack(target, ctx.cli));
    const healStack =
      Object.keys(healEnv).length > 0
        ? once(() => openStack({ ...target, env: engineEnv({ ...ownEnv, ...healEnv }, ctx.env) }, ctx.cli))
        : undefined;
    const pendingCheck = pendingCheckOf(stack, target.project, ctx);
    const attribution = attributionOf(stack, target.project, engineStack, ownEnv, ctx, log);
    const outcome = await reconcileStack(engineStack, {
      project: target.project,
      backend: redactBackendUrl(stack.backend),
      ignore: ctx.config.ignore,
      policy: stack.effectivePolicy,
      heal: ctx.heal,
      now: ctx.now,
      ...(ctx.decide ? { decide: ctx.decide } : {}),
      ...(ctx.trail ? { trail: ctx.trail(id) } : {}),
      ...(healStack ? { healStack } : {}),
      redact,
      workDir: stack.workDir,
      ...(pendingCheck ? { pendingCheck } : {}),
      ...(attribution ? { attribution } : {}),
      ...(ctx.forcePendingCheck ? { pendingMode: "force" as const } : {}),
      ...(stack.engine.parallel === undefined ? {} : { parallel: stack.engine.parallel }),
      ...(log ? { log } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (operation, event) => ctx.onProgress?.(stackPath(id), operation, event),
    });
    if (outcome.outcome === "error") ctx.stackCache?.forget(target);
    return outcome;
  } catch (err) {
    const failure = classifyEngineError(err, redact);
    return failedOutcome(stack, failure.status, failure.message, ctx.now());
  }
}

/** The stack's record of its last pending check, and its program's fingerprint now. */
function pendingCheckOf(stack: LoadedStack, project: string, ctx: RunContext): PendingCheck | undefined {
  if (!ctx.pendingChecks) return undefined;
  const fingerprint = programFingerprint({
    workDir: stack.workDir,
    stack: stack.name,
    ...(stack.programRef ? { modulePath: stack.programRef.modulePath } : {}),
    cliVersion: ctx.cli.version?.format() ?? "unknown",
  });
  const every = stack.effectivePolicy.pendingCheckEvery;
  // The same project and stack name on two backends are two stacks.
  const key = stackKey(stackIdOf({ ...stack, project }));
  return { store: ctx.pendingChecks, key, fingerprint, every };
}

/** The stack's attribution step: its own environment and config, the run's sources and store. */
function attributionOf(
  stack: LoadedStack,
  project: string,
  engineStack: Stack,
  ownEnv: Record<string, string>,
  ctx: RunContext,
  log: Logger | undefined,
) {
  if (!ctx.attribution || !ctx.config.attribution.enabled) return undefined;
  return stackAttribution({
    ...ctx.attribution,
    key: stackKey(stackIdOf({ ...stack, project })),
    config: ctx.config.attribution,
    now: ctx.now,
    env: ownEnv,
    stackConfig: async (key) => (await engineStack.getConfig(key).catch(() => undefined))?.value,
    lastDeployment: async () => (await engineStack.history(1, 1))[0]?.endTime?.toISOString(),
    ...(log ? { log } : {}),
  });
}

async function runAll(opts: RunOptions, heal: boolean): Promise<StackOutcome[]> {
  const stacks = selectStacks(opts.config, { names: opts.stacks, shard: opts.shard });
  const cli = opts.pulumiCommand ?? (await getPulumiCli(cliRoot(opts.pulumiCliRoot)));
  const env = opts.env ?? {};
  const redact = opts.redact ?? createRedactor(configSecrets(opts.config, env));
  const { pendingChecks: given, attribution: sources, ...rest } = opts;
  const pendingChecks =
    given === false ? undefined : (given ?? filePendingStore(opts.config.audit.dir, (m) => opts.logger?.warn(m)));
  const attribution = sources
    ? {
        sources: sources.sources,
        store: sources.store ?? fileAttributionStore(opts.config.audit.dir, (m) => opts.logger?.warn(m)),
      }
    : undefined;
  const ctx: RunContext = {
    ...rest,
    now: opts.now ?? systemClock,
    env,
    heal,
    cli,
    redact,
    ...(pendingChecks ? { pendingChecks } : {}),
    ...(attribution ? { attribution } : {}),
  };
  return mapBounded(stacks, opts.config.concurrency, (stack) => runStack(stack, ctx));
}

/** Detects drift and pending changes on every selected stack; changes nothing. */
export async function detectDrift(opts: RunOptions): Promise<DriftReport[]> {
  return (await runAll(opts, false)).map((o) => o.report);
}

/** Detect, decide, heal within the policy, verify: one outcome per stack. */
export async function reconcile(opts: RunOptions): Promise<StackOutcome[]> {
  return runAll(opts, true);
}

/** Detection with the policy's decision, for the `detect` command's table. */
export async function detectWithDecisions(opts: RunOptions): Promise<StackOutcome[]> {
  return runAll(opts, false);
}
