// The library API: load a config, detect drift, reconcile; typed results. Re-exports only.
export { loadConfig } from "./engine/load-config.js";
export { parseConfig, type LoadOptions } from "./core/parse-config.js";
export type { LoadedConfig, LoadedStack, EffectivePolicy, Env } from "./core/loaded-config.js";
export { ConfigError } from "./core/config-error.js";
export { detectDrift, reconcile, type RunOptions } from "./engine/run-stacks.js";
export { AmbiguousStackError, UnknownStackError } from "./core/select-stacks.js";
export { stackKey, stackPath, type StackId } from "./core/stack-id.js";
export { UsageError } from "./core/usage-error.js";
export {
  driftReportSchema,
  driftReportJsonSchema,
  type DriftReport,
  type DriftItem,
  type DriftProperty,
  type PendingItem,
  type PendingProperty,
  type StackStatus,
} from "./core/drift-report.js";
export type { StackOutcome, OutcomeKind, HealResult } from "./core/stack-outcome.js";
export type { Decision, GuardName } from "./core/decision.js";
export { detectExitCode, reconcileExitCode } from "./core/exit-code.js";
export { renderOutcomesMarkdown } from "./core/render-markdown.js";
export {
  attributionSchema,
  attributionText,
  type Attribution,
  type AttributedChange,
  type AttributionStatus,
} from "./core/attribution.js";
export type { ActivitySource, AttributionTarget, SourceContext } from "./core/attribution-source.js";
export type { LookupAnswer } from "./core/attribution-rules.js";
export { cloudTrailSource } from "./engine/cloudtrail-source.js";
export { fileAttributionStore, memoryAttributionStore, type AttributionStore } from "./engine/attribution-store.js";
