// Checks that need the disk, done when the config is loaded: each stack's workDir is a Pulumi
// project (and the configured project is its name), and its program module loads and exports
// the named function. Every problem is reported at once, naming the key path to fix, before
// any engine work. Returns the config with each stack's project name filled in.
import { ConfigError } from "../core/config-error.js";
import type { LoadedConfig, LoadedStack } from "../core/loaded-config.js";
import { loadProgram } from "./load-program.js";
import { projectNameIn } from "./project-file.js";

function problem(source: string, index: number, key: string, err: unknown): string {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  return `${source}: stacks[${index}].${key}: ${message}`;
}

async function checkStack(
  stack: LoadedStack,
  index: number,
  source: string,
): Promise<{ stack: LoadedStack; problems: string[] }> {
  const problems: string[] = [];
  let project = stack.project;
  try {
    const declared = projectNameIn(stack.workDir);
    if (project !== undefined && project !== declared) {
      problems.push(
        problem(source, index, "project", `"${project}" is not the project in ${stack.workDir} ("${declared}")`),
      );
    }
    project = declared;
  } catch (err) {
    problems.push(problem(source, index, "workDir", err));
  }
  try {
    await loadProgram(stack.programRef);
  } catch (err) {
    problems.push(problem(source, index, "program", err));
  }
  return { stack: project === undefined ? stack : { ...stack, project }, problems };
}

export async function checkStacks(config: LoadedConfig, source: string): Promise<LoadedConfig> {
  const checked = [];
  // One at a time: program modules may share imports, and loading them is cheap next to the engine.
  for (const [index, stack] of config.stacks.entries()) checked.push(await checkStack(stack, index, source));
  const problems = checked.flatMap((c) => c.problems);
  if (problems.length > 0) throw ConfigError.fromIssues(problems);
  return { ...config, stacks: checked.map((c) => c.stack) };
}
