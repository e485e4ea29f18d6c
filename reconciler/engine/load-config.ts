// Reads reconciler.yaml once, parses it (core/parse-config.ts), then checks what needs the
// disk (check-stacks.ts). The environment is a parameter: the CLI hands down what it read
// (cli/read-env.ts); a library caller passes its own, e.g. process.env.
import { readFile } from "node:fs/promises";
import { ConfigError } from "../core/config-error.js";
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { parseConfig, type LoadOptions } from "../core/parse-config.js";
import { checkStacks } from "./check-stacks.js";

export interface LoadConfigOptions extends LoadOptions {
  /** false: skip the project and program checks (listing stack names needs neither). */
  checkStacks?: boolean;
}

export async function loadConfig(path: string, env: Env, opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    const message = missing
      ? `${path}: file not found (use --config to choose another)`
      : `${path}: cannot read the file`;
    throw new ConfigError(message, [], { cause });
  }
  const config = parseConfig(text, path, env, opts);
  return opts.checkStacks === false ? config : checkStacks(config, path);
}
