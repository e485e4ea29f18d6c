// Reads reconciler.yaml once, parses it (core/parse-config.ts), then checks what needs the
// disk (check-stacks.ts): projects, programs, language hosts. The environment is a parameter:
// the CLI hands down what it read (cli/read-env.ts); a library caller passes its own, e.g.
// process.env (its PATH is where language hosts are looked for, besides the CLI's folder).
import { readFile } from "node:fs/promises";
import { ConfigError } from "../core/config-error.js";
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { parseConfig, type LoadOptions } from "../core/parse-config.js";
import { join } from "node:path";
import { checkStacks } from "./check-stacks.js";
import { cliRoot } from "./cli-root.js";

export interface LoadConfigOptions extends LoadOptions {
  /** false: skip the project and program checks (listing stack names needs neither). */
  checkStacks?: boolean;
  /** The folder holding bin/pulumi (default: the project's .tools folder), where language hosts are looked for. */
  pulumiCliRoot?: string;
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
  if (opts.checkStacks === false) return config;
  return checkStacks(config, path, { cliBin: join(cliRoot(opts.pulumiCliRoot), "bin"), env });
}
