// What every process the reconciler starts inherits unless told otherwise: this process's
// environment. The Automation API starts the Pulumi CLI with it merged under the variables it
// is given, so whatever an engine must not see has to be known here to be cleared
// (core/engine-env.ts); `pulumi version` gets only the engine settings from it. Besides the
// CLI's entry point (cli/read-env.ts), the one place that reads it.
import type { Env } from "../core/loaded-config.js";

/** A copy of the process environment, read when called. */
export function inheritedEnv(): Env {
  return { ...process.env };
}
