// A Pulumi project's Pulumi.yaml (or Pulumi.yml): where it is, the project's name, and the
// language its own program is written in (runtime).
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../core/config-error.js";

export interface ProjectFile {
  path: string;
  name: string;
  /** `runtime` (or `runtime.name`): nodejs, python, go, dotnet, java, yaml, …; undefined when missing. */
  runtime: string | undefined;
  /** `plugins.languages`: language hosts the project itself points at, name → absolute folder. */
  languagePlugins: Record<string, string>;
}

function runtimeOf(doc: Record<string, unknown>): string | undefined {
  const runtime = doc["runtime"];
  if (typeof runtime === "string" && runtime !== "") return runtime;
  const name = (runtime as { name?: unknown } | null | undefined)?.name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

function languagePluginsOf(doc: Record<string, unknown>, workDir: string): Record<string, string> {
  const languages = (doc["plugins"] as { languages?: unknown } | null | undefined)?.languages;
  if (!Array.isArray(languages)) return {};
  return Object.fromEntries(
    languages
      .filter((p: { name?: unknown; path?: unknown }) => typeof p?.name === "string" && typeof p.path === "string")
      .map((p: { name: string; path: string }) => [p.name, resolve(workDir, p.path)]),
  );
}

/**
 * The project declared in `workDir`, or a ConfigError saying what is wrong (without the key
 * path: the caller knows which key it came from).
 */
export function projectFileIn(workDir: string): ProjectFile {
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
  const fields = (doc ?? {}) as Record<string, unknown>;
  const name = fields["name"];
  if (typeof name !== "string" || name === "") throw new ConfigError(`${file} has no project name`);
  return { path: file, name, runtime: runtimeOf(fields), languagePlugins: languagePluginsOf(fields, workDir) };
}

/** The project name declared in `workDir` (projectFileIn). */
export function projectNameIn(workDir: string): string {
  return projectFileIn(workDir).name;
}
