// Turns one configured stack into what the engine adapter needs: its inline program
// (load-program.ts), project name, backend and environment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../core/config-error.js";
import type { LoadedStack } from "../core/loaded-config.js";
import { loadProgram } from "./load-program.js";
import type { StackTarget } from "./stack-workspace.js";

export function projectNameOf(workDir: string): string {
  const file = join(workDir, "Pulumi.yaml");
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ConfigError(`${file}: cannot read the project file (check the stack's workDir)`, [], { cause });
  }
  const name = (doc as { name?: unknown } | null)?.name;
  if (typeof name !== "string") throw new ConfigError(`${file}: has no project name`, []);
  return name;
}

/** `engineEnv`: the stack's environment (core/stack-env.ts), computed once per run by the caller. */
export async function stackTarget(stack: LoadedStack, engineEnv: Record<string, string>): Promise<StackTarget> {
  return {
    stack: stack.name,
    project: stack.project ?? projectNameOf(stack.workDir),
    workDir: stack.workDir,
    program: await loadProgram(stack.programRef),
    backendUrl: stack.backend,
    ...(stack.secretsProvider ? { secretsProvider: stack.secretsProvider } : {}),
    env: engineEnv,
  };
}
