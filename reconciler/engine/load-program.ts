// Loads a stack's inline program: the configured module's exported function. Checked when the
// config is loaded (check-stacks.ts), so a bad reference fails before any engine work.
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
import { existsSync } from "node:fs";
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

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0] ?? text;
}

/**
 * The program function, or a ConfigError whose message says what is wrong with the reference
 * (without the key path: the caller knows which key it came from).
 */
export async function loadProgram(ref: ProgramRef): Promise<PulumiFn> {
  if (!existsSync(ref.modulePath)) throw new ConfigError(`${ref.modulePath} does not exist`);
  let mod: Record<string, unknown>;
  try {
    await ensureTypeScriptLoader(ref.modulePath);
    mod = (await import(pathToFileURL(ref.modulePath).href)) as Record<string, unknown>;
  } catch (cause) {
    // Node's words when a CommonJS module requires an ES module that is still being linked.
    const hint = /not been linked/.test(firstLine(cause))
      ? ` (the module is loaded as CommonJS: give its folder a package.json with "type": "module", or name it .mts)`
      : "";
    throw new ConfigError(`cannot load ${ref.modulePath}: ${firstLine(cause)}${hint}`, [], { cause });
  }
  const program = mod[ref.exportName];
  if (typeof program !== "function") {
    const functions = Object.keys(mod).filter((key) => typeof mod[key] === "function");
    const known = functions.length > 0 ? ` (exported functions: ${functions.join(", ")})` : "";
    throw new ConfigError(`${ref.modulePath} has no exported function "${ref.exportName}"${known}`);
  }
  return program as PulumiFn;
}
