// Turns one configured stack into what the engine adapter needs: its inline program
// (loaded from the configured module), project name, backend and environment.
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { ConfigError } from "./config-error.js";
import type { LoadedConfig } from "./load-config.js";

type LoadedStackConfig = LoadedConfig["stacks"][number];
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

/**
 * Programs are TypeScript. When the reconciler itself runs as compiled JavaScript, tsx is
 * registered once, on first need, so that their import works; under tsx or vitest a
 * TypeScript loader is already there. The registration is process-wide by nature.
 */
let typescriptLoader: Promise<unknown> | undefined;
function ensureTypeScriptLoader(modulePath: string): Promise<unknown> {
  if (!/\.[cm]?tsx?$/.test(modulePath) || import.meta.url.endsWith(".ts")) return Promise.resolve();
  typescriptLoader ??= import("tsx/esm/api").then((tsx) => tsx.register());
  return typescriptLoader;
}

export async function loadProgram(ref: { modulePath: string; exportName: string }): Promise<PulumiFn> {
  let mod: Record<string, unknown>;
  try {
    await ensureTypeScriptLoader(ref.modulePath);
    mod = (await import(pathToFileURL(ref.modulePath).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError(`program: cannot load module ${ref.modulePath}`, [], { cause });
  }
  const program = mod[ref.exportName];
  if (typeof program !== "function") {
    throw new ConfigError(`program: ${ref.modulePath} has no exported function "${ref.exportName}"`, []);
  }
  return program as PulumiFn;
}

/** The stack's engine environment: its `env`, plus `passEnv` variables copied from ours. */
export function stackEnv(stack: LoadedStackConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const passed = Object.fromEntries(stack.passEnv.map((name) => [name, env[name] ?? ""]));
  return { ...stack.env, ...passed };
}

export async function stackTarget(stack: LoadedStackConfig, env: NodeJS.ProcessEnv = process.env): Promise<StackTarget> {
  return {
    stack: stack.name,
    project: stack.project ?? projectNameOf(stack.workDir),
    workDir: stack.workDir,
    program: await loadProgram(stack.programRef),
    backendUrl: stack.backend,
    ...(stack.secretsProvider ? { secretsProvider: stack.secretsProvider } : {}),
    env: stackEnv(stack, env),
  };
}
