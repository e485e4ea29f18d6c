// Turns one configured stack into what the engine adapter needs: its inline program
// (load-program.ts) or none (the project's local program), project name, backend and environment.
import type { LoadedStack } from "../core/loaded-config.js";
import { loadProgram } from "./load-program.js";
import { projectNameIn } from "./project-file.js";
import type { StackTarget } from "./stack-workspace.js";

/** `engineEnv`: the engine's whole environment for this stack (core/engine-env.ts), computed once per run by the caller. */
export async function stackTarget(stack: LoadedStack, engineEnv: Record<string, string>): Promise<StackTarget> {
  return {
    stack: stack.name,
    // Filled in when the config is loaded; read again for a config that skipped the checks.
    project: stack.project ?? projectNameIn(stack.workDir),
    workDir: stack.workDir,
    ...(stack.programRef ? { program: await loadProgram(stack.programRef) } : {}),
    backendUrl: stack.backend,
    ...(stack.secretsProvider ? { secretsProvider: stack.secretsProvider } : {}),
    env: engineEnv,
  };
}
