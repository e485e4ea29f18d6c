// Loads a stack's inline program: the configured module's exported function.
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../core/config-error.js";
import type { ProgramRef } from "../core/loaded-config.js";

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

export async function loadProgram(ref: ProgramRef): Promise<PulumiFn> {
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
