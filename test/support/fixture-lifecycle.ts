// The lifecycle engine tests share: the pinned CLI once per file, a fresh deployed fixture
// per test, its temp dir removed after each test.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { rmSync } from "node:fs";
import { afterEach, beforeAll } from "vitest";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import {
  deployFixture,
  type DeployedFixture,
  type FixtureEnv,
  type FixtureStackSpec,
} from "../../reconciler/demo/fixture-reconciler.js";

export interface FixtureLifecycle {
  cli(): PulumiCommand;
  deploy(specs: Partial<Record<FixtureEnv, FixtureStackSpec>>): Promise<DeployedFixture>;
}

export function fixtureLifecycle(): FixtureLifecycle {
  let cli: PulumiCommand | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    cli = await getPulumiCli();
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const need = (): PulumiCommand => {
    if (!cli) throw new Error("fixtureLifecycle: the CLI is set up in beforeAll; call it inside a test");
    return cli;
  };
  return {
    cli: need,
    deploy: async (specs) => {
      const fixture = await deployFixture(need(), specs);
      dirs.push(fixture.dir);
      return fixture;
    },
  };
}
