// The library API: detectDrift and reconcile over the configured stacks, with bounded
// concurrency; one stack's failure never stops the others.
import type { EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { blankReport, type DriftReport } from "./drift-report.js";
import { classifyEngineError } from "./engine-errors.js";
import type { LoadedConfig } from "./load-config.js";
import type { Logger } from "./logger.js";
import { mapBounded } from "./map-bounded.js";
import { getPulumiCli } from "./pulumi-cli.js";
import { reconcileStack, type StackOutcome } from "./reconcile-stack.js";
import { redactBackendUrl, redactor } from "./redact.js";
import { openStack } from "./stack-workspace.js";
import { stackTarget, stackEnv } from "./stack-target.js";
import { UsageError } from "./usage-error.js";

type LoadedStack = LoadedConfig["stacks"][number];

export interface RunOptions {
  config: LoadedConfig;
  /** Only these stack names (default: all configured; an empty list means none). */
  stacks?: string[];
  signal?: AbortSignal;
  pulumiCommand?: PulumiCommand;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  onProgress?: (stack: string, operation: string, event: EngineEvent) => void;
  /** Gets a child logger per stack run. */
  logger?: Logger;
}

export class UnknownStackError extends UsageError {
  override readonly name = "UnknownStackError";
}

export function selectStacks(config: LoadedConfig, names: string[] | undefined): LoadedStack[] {
  if (!names) return config.stacks;
  const known = new Set(config.stacks.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UnknownStackError(`--stack ${unknown.join(", ")}: not in the config (configured: ${[...known].join(", ")})`);
  }
  return config.stacks.filter((s) => names.includes(s.name));
}

function failedOutcome(stack: LoadedStack, status: "busy" | "error", message: string, startedAt: Date): StackOutcome {
  const report = blankReport(
    { stack: stack.name, project: stack.project ?? "", backend: redactBackendUrl(stack.backend), status, startedAt: startedAt.toISOString() },
    { error: message },
  );
  return { stack: stack.name, project: report.project, outcome: status, decision: { action: "none", reason: message }, report };
}

async function runOne(stack: LoadedStack, opts: RunOptions, heal: boolean, cli: PulumiCommand): Promise<StackOutcome> {
  const outcome = await checkOne(stack, opts, heal, cli);
  const log = opts.logger?.child({ stack: stack.name, project: outcome.project });
  const fields = { status: outcome.report.status, outcome: outcome.outcome, drift: outcome.report.drift.length, pending: outcome.report.pending.length, durationMs: outcome.report.durationMs };
  if (outcome.outcome === "error" || outcome.outcome === "heal-failed") log?.error({ ...fields, error: outcome.report.error ?? outcome.heal?.error }, "stack failed");
  else if (outcome.decision.action === "report") log?.warn({ ...fields, guard: outcome.decision.guard, reason: outcome.decision.reason }, "heal blocked");
  else log?.info(fields, "stack checked");
  return outcome;
}

async function checkOne(stack: LoadedStack, opts: RunOptions, heal: boolean, cli: PulumiCommand): Promise<StackOutcome> {
  const now = opts.now ?? (() => new Date());
  const redact = redactor(Object.values(stackEnv(stack, opts.env)));
  try {
    const target = await stackTarget(stack, opts.env);
    const engineStack = await openStack(target, cli);
    return await reconcileStack(engineStack, {
      project: target.project,
      backend: redactBackendUrl(stack.backend),
      ignore: opts.config.ignore,
      policy: stack.effectivePolicy,
      heal,
      now,
      redact,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (operation, event) => opts.onProgress?.(stack.name, operation, event),
    });
  } catch (err) {
    const failure = classifyEngineError(err, redact);
    return failedOutcome(stack, failure.status, failure.message, now());
  }
}

async function runAll(opts: RunOptions, heal: boolean): Promise<StackOutcome[]> {
  const stacks = selectStacks(opts.config, opts.stacks);
  const cli = opts.pulumiCommand ?? (await getPulumiCli());
  return mapBounded(stacks, opts.config.concurrency, (stack) => runOne(stack, opts, heal, cli));
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
