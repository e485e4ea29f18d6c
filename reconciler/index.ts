// The library API: load a config, detect drift, reconcile; typed results.
export { loadConfig, parseConfig, type LoadedConfig, type LoadedStack, type EffectivePolicy } from "./load-config.js";
export { ConfigError } from "./config-error.js";
export { detectDrift, reconcile, UnknownStackError, type RunOptions } from "./reconciler.js";
export { UsageError } from "./usage-error.js";
export { driftReportSchema, driftReportJsonSchema, type DriftReport, type DriftItem, type PendingItem, type PropertyDiff, type StackStatus } from "./drift-report.js";
export type { StackOutcome, OutcomeKind, HealResult } from "./reconcile-stack.js";
export type { Decision, GuardName } from "./policy.js";
export { detectExitCode, reconcileExitCode } from "./exit-code.js";
export { renderOutcomesMarkdown } from "./render-markdown.js";
