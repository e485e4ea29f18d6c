// What every audit event of one stack's run is made with: the stack, the severity rules, the
// run's link and its output redactor. Plain data, passed to the stage events and the answers to
// people's commands.
import type { SeverityRule } from "../core/config-schema.js";
import type { Redact } from "../core/redact.js";

export interface StageContext {
  project: string;
  stack: string;
  severityRules: readonly SeverityRule[];
  runUrl?: string;
  /** policy.flapping.window: a drift healed within it that appears again is "back". */
  window?: string;
  /** The run's output redactor, applied to every value an event shows before it is cut (default: none). */
  redact?: Redact;
}
