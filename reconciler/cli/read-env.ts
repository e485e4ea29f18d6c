// The one place that reads the process environment. Everything below the CLI gets plain
// values as parameters: the variables a stack's passEnv or the GitHub settings name
// (`vars`, a frozen copy), and the reconciler's own settings.
import type { Env } from "../core/loaded-config.js";

export interface ReconcilerEnv {
  /** A frozen copy of the environment, for passEnv, tokenEnv and GitHub Actions' run variables. */
  vars: Env;
  /** LOG_LEVEL: pino's level for the reconciler's own logs. */
  logLevel?: string;
  /** PULUMI_CLI_ROOT: a folder holding bin/pulumi, instead of the project's .tools folder. */
  pulumiCliRoot?: string;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ReconcilerEnv {
  const vars = Object.freeze({ ...env });
  const { LOG_LEVEL: logLevel, PULUMI_CLI_ROOT: pulumiCliRoot } = vars;
  return { vars, ...(logLevel ? { logLevel } : {}), ...(pulumiCliRoot ? { pulumiCliRoot } : {}) };
}
