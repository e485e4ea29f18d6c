// Deployed fixture stacks plus the reconciler.yaml that points at them: the starting
// point of the demo, of every reconciler test on the real engine and of the benchmarks.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { replaceFile } from "../files/durable-files.js";
import { fixtureProjects, fixtureProjectSource, type FixtureLanguage } from "./fixture-project.js";
import { fixtureStack, fixturePassphrase, type FixtureStack } from "./fixture-stack.js";

export type FixtureEnv = "dev" | "prod";

export interface FixtureStackSpec {
  production?: boolean;
  policy?: Record<string, unknown>;
  /** Stack config set before the first deploy. */
  config?: Record<string, string>;
  /** typescript (default): the inline program; yaml: the Pulumi YAML project as a local program. */
  language?: FixtureLanguage;
}

/** The reconciler.yaml for fixture stacks in `dir`: what a user writes for their own stacks. */
export function fixtureReconcilerConfig(
  dir: string,
  specs: Partial<Record<FixtureEnv, FixtureStackSpec>>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const stacks = Object.entries(specs).map(([name, spec]) => ({
    name,
    workDir: `./${fixtureProjects[spec.language ?? "typescript"].dir}`,
    ...(spec.language === "yaml" ? {} : { program: `${resolve(fixtureProjectSource, "program.ts")}#fixtureProgram` }),
    backend: `file://${join(dir, `state-${name}`)}`,
    env: { PULUMI_CONFIG_PASSPHRASE: fixturePassphrase, FIXTURE_CLOUD_DIR: join(dir, "cloud") },
    production: spec.production ?? name === "prod",
    policy: spec.policy ?? { mode: "heal", pendingChanges: "exclude" },
  }));
  return { concurrency: 2, ...extra, stacks };
}

export interface DeployedFixture {
  dir: string;
  cloudDir: string;
  configPath: string;
  stacks: Partial<Record<FixtureEnv, FixtureStack>>;
}

/** Creates and deploys the given stacks in a fresh temp dir and writes reconciler.yaml. */
export async function deployFixture(
  pulumiCommand: PulumiCommand,
  specs: Partial<Record<FixtureEnv, FixtureStackSpec>>,
  opts: { dir?: string; extraConfig?: Record<string, unknown> } = {},
): Promise<DeployedFixture> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "reconciler-fixture-"));
  const cloudDir = join(dir, "cloud");
  const stacks: DeployedFixture["stacks"] = {};
  for (const [env, spec] of Object.entries(specs) as Array<[FixtureEnv, FixtureStackSpec]>) {
    const deployed = await fixtureStack({
      env,
      baseDir: dir,
      pulumiCommand,
      cloudDir,
      config: spec.config ?? {},
      ...(spec.language ? { language: spec.language } : {}),
    });
    await deployed.stack.up();
    stacks[env] = deployed;
  }
  const configPath = join(dir, "reconciler.yaml");
  replaceFile(configPath, stringify(fixtureReconcilerConfig(dir, specs, opts.extraConfig)));
  return { dir, cloudDir, configPath, stacks };
}
