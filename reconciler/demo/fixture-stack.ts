// A fixture stack (dev or prod) in a temp dir: its own project copy, its own local
// cloud and its own state backend (file:// by default), as one backend per environment. In
// TypeScript (an inline program) or Pulumi YAML (the project's local program, whose database
// password is set as secret stack config, where the TypeScript program has a default).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation/index.js";
import { openStack, type StackTarget } from "../engine/stack-workspace.js";
import { fixtureProgram } from "./fixture-project/program.js";
import { fixtureProjects, prepareFixtureProject, type FixtureLanguage } from "./fixture-project.js";

/** The fixture stacks' secrets passphrase: they hold no real secret. */
export const fixturePassphrase = "fixture-stacks-passphrase";

export interface FixtureStack {
  target: StackTarget;
  cloudDir: string;
  stack: Stack;
}

interface FixtureStackOptions {
  env: "dev" | "prod";
  baseDir: string;
  pulumiCommand: PulumiCommand;
  backendUrl?: string;
  cloudDir?: string;
  extraEnv?: Record<string, string>;
  config?: Record<string, string>;
  /** Default typescript. */
  language?: FixtureLanguage;
}

export function fixtureTarget(opts: Omit<FixtureStackOptions, "pulumiCommand">): {
  target: StackTarget;
  cloudDir: string;
} {
  const cloudDir = opts.cloudDir ?? join(opts.baseDir, "cloud");
  const stateDir = join(opts.baseDir, `state-${opts.env}`);
  mkdirSync(stateDir, { recursive: true });
  const language = opts.language ?? "typescript";
  const project = fixtureProjects[language];
  const target: StackTarget = {
    stack: opts.env,
    project: project.name,
    workDir: prepareFixtureProject(join(opts.baseDir, project.dir), language),
    ...(language === "typescript" ? { program: async () => fixtureProgram() } : {}),
    backendUrl: opts.backendUrl ?? `file://${stateDir}`,
    secretsProvider: "passphrase",
    env: { PULUMI_CONFIG_PASSPHRASE: fixturePassphrase, FIXTURE_CLOUD_DIR: cloudDir, ...opts.extraEnv },
  };
  return { target, cloudDir };
}

/** Creates (or selects) the stack and applies extra config; does not deploy. */
export async function fixtureStack(opts: FixtureStackOptions): Promise<FixtureStack> {
  const { target, cloudDir } = fixtureTarget(opts);
  const stack = await openStack(target, opts.pulumiCommand, { create: true });
  if (opts.language === "yaml") {
    await stack.setConfig("dbPassword", { value: `fixture-${opts.env}-password`, secret: true });
  }
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    await stack.setConfig(key, { value });
  }
  return { target, cloudDir, stack };
}
