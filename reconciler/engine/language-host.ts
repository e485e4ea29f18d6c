// Where the engine will find the language host a local program needs (`pulumi-language-<runtime>`),
// searched the way the engine searches: the project's own plugins.languages, PATH (the Automation
// API puts the CLI's folder first on it), next to the CLI binary (where Pulumi's installer puts the
// hosts it bundles), then the plugin cache. Checked when the config is loaded, so a missing host
// fails before any engine work, naming the key and what to install.
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import type { Env } from "../core/loaded-config.js";
import type { ProjectFile } from "./project-file.js";

export interface LanguageHostSearch {
  /** The pinned CLI's folder (<root>/bin). */
  cliBin: string;
  /** The environment the engine inherits: PATH, PULUMI_HOME, HOME, PULUMI_IGNORE_AMBIENT_PLUGINS. */
  env: Env;
}

export function languageHostName(runtime: string): string {
  return `pulumi-language-${runtime}`;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realDir(path: string): string | undefined {
  try {
    return dirname(realpathSync(path));
  } catch {
    return undefined;
  }
}

/** Plugin cache entries: <PULUMI_HOME or ~/.pulumi>/plugins/language-<runtime>-v<version>/. */
function pluginCacheCandidates(runtime: string, env: Env): string[] {
  const home = env["PULUMI_HOME"] || (env["HOME"] ? join(env["HOME"], ".pulumi") : undefined);
  if (!home) return [];
  const plugins = join(home, "plugins");
  if (!existsSync(plugins)) return [];
  return readdirSync(plugins)
    .filter((entry) => entry.startsWith(`language-${runtime}-v`) && !entry.endsWith(".lock"))
    .map((entry) => join(plugins, entry, languageHostName(runtime)));
}

/** The places searched, in order, for the message when none holds the host. */
function languageHostCandidates(runtime: string, project: ProjectFile, search: LanguageHostSearch): string[] {
  const name = languageHostName(runtime);
  const own = project.languagePlugins[runtime];
  const ambient = search.env["PULUMI_IGNORE_AMBIENT_PLUGINS"]
    ? []
    : [search.cliBin, ...(search.env["PATH"] ?? "").split(delimiter).filter((dir) => dir !== "")];
  const bundled = realDir(join(search.cliBin, "pulumi"));
  return [
    ...(own ? [own, join(own, name)] : []),
    ...ambient.map((dir) => join(dir, name)),
    ...(bundled ? [join(bundled, name)] : []),
    ...pluginCacheCandidates(runtime, search.env),
  ];
}

/** The language host's path, or undefined when the engine would not find one. */
export function findLanguageHost(
  runtime: string,
  project: ProjectFile,
  search: LanguageHostSearch,
): string | undefined {
  return languageHostCandidates(runtime, project, search).find(executable);
}
