// A Pulumi project's Pulumi.yaml (or Pulumi.yml): where it is and the project's name.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../core/config-error.js";

/**
 * The project name declared in `workDir`, or a ConfigError saying what is wrong (without the
 * key path: the caller knows which key it came from).
 */
export function projectNameIn(workDir: string): string {
  if (!existsSync(workDir)) throw new ConfigError(`${workDir} does not exist`);
  if (!statSync(workDir).isDirectory()) throw new ConfigError(`${workDir} is not a directory`);
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((name) => join(workDir, name)).find((path) => existsSync(path));
  if (!file)
    throw new ConfigError(`${workDir} has no Pulumi.yaml (or Pulumi.yml): it must be a Pulumi project directory`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ConfigError(`${file}: cannot be read as YAML`, [], { cause });
  }
  const name = (doc as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || name === "") throw new ConfigError(`${file} has no project name`);
  return name;
}
