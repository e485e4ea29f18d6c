// Checks that need the disk, done when the config is loaded: each stack's workDir is a Pulumi
// project (and the configured project is its name); an inline program's module loads and
// exports the named function; a local program's language host (Pulumi.yaml's runtime) is
// installed. Every problem is reported at once, naming the key path to fix, before any engine
// work. Returns the config with each stack's project name filled in.
import { ConfigError } from "../core/config-error.js";
import { keyPath } from "../core/config-issue-message.js";
import { duplicateStacks } from "../core/parse-config.js";
import type { Env, LoadedConfig, LoadedStack } from "../core/loaded-config.js";
import { findLanguageHost, languageHostName, type LanguageHostSearch } from "./language-host.js";
import { loadProgram } from "./load-program.js";
import { projectFileIn, type ProjectFile } from "./project-file.js";

interface CheckStacksOptions {
  /** The pinned CLI's folder, where Pulumi's installer puts the language hosts it bundles. */
  cliBin: string;
  /** The environment the engine inherits (PATH, PULUMI_HOME, HOME). */
  env: Env;
}

function problem(source: string, index: number, key: string, err: unknown): string {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  return `${source}: stacks[${index}].${key}: ${message}`;
}

/** Without `program` the project's own program runs: its language host must be installed. */
function localProgramProblem(project: ProjectFile, search: LanguageHostSearch): string | undefined {
  const notSet = "not set, so the project's own program runs through its language host";
  if (project.runtime === undefined) return `${notSet}, but ${project.path} names no runtime`;
  const host = languageHostName(project.runtime);
  if (findLanguageHost(project.runtime, project, search)) return undefined;
  return (
    `${notSet}: runtime "${project.runtime}" (${project.path}) needs ${host}, which is not installed ` +
    `(looked in plugins.languages, next to the Pulumi CLI in ${search.cliBin}, on PATH and in the plugin cache). ` +
    `Install it (Pulumi's installer puts the Node.js, Python, Go, .NET and YAML hosts next to the CLI; ` +
    `\`npm run setup\` provides the YAML host), or set program to a TypeScript inline program`
  );
}

async function checkStack(
  stack: LoadedStack,
  index: number,
  source: string,
  search: LanguageHostSearch,
): Promise<{ stack: LoadedStack; problems: string[] }> {
  const problems: string[] = [];
  let project = stack.project;
  let file: ProjectFile | undefined;
  try {
    file = projectFileIn(stack.workDir);
    if (project !== undefined && project !== file.name) {
      problems.push(
        problem(source, index, "project", `"${project}" is not the project in ${stack.workDir} ("${file.name}")`),
      );
    }
    project = file.name;
  } catch (err) {
    problems.push(problem(source, index, "workDir", err));
  }
  if (stack.programRef) {
    try {
      await loadProgram(stack.programRef);
    } catch (err) {
      problems.push(problem(source, index, "program", err));
    }
  } else if (file) {
    const missing = localProgramProblem(file, search);
    if (missing) problems.push(problem(source, index, "program", missing));
  }
  return { stack: project === undefined ? stack : { ...stack, project }, problems };
}

export async function checkStacks(
  config: LoadedConfig,
  source: string,
  opts: CheckStacksOptions,
): Promise<LoadedConfig> {
  const checked = [];
  // One at a time: program modules may share imports, and loading them is cheap next to the engine.
  for (const [index, stack] of config.stacks.entries()) checked.push(await checkStack(stack, index, source, opts));
  // Now that every project is known: two workDirs may hold the same project.
  const duplicates = duplicateStacks(checked.map((c) => c.stack)).map(
    (p) => `${source}: ${keyPath(p.path)}: ${p.message}`,
  );
  const problems = [...checked.flatMap((c) => c.problems), ...duplicates];
  if (problems.length > 0) throw ConfigError.fromIssues(problems);
  return { ...config, stacks: checked.map((c) => c.stack) };
}
