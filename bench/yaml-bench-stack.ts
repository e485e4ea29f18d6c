// A YAML fixture stack of N resources for the fair baselines: the project is a local program run
// by the pinned YAML language host, so the bare CLI and the reconciler do the same work on it.
// Deployed with the bare CLI as a person would (stack init, secret config, up), then listed in a
// reconciler.yaml of its own (policy: heal; the pending check kept for a day, so measured runs
// take the path they are meant to).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { fixturePassphrase } from "../reconciler/demo/fixture-stack.js";
import { benchPolicy, type BenchStack } from "./bench-stacks.js";
import { runBare, type BareCli } from "./commands.js";
import { expectExit } from "./spawn-timed.js";
import { writeYamlFixtureProject } from "./yaml-fixture-project.js";

export async function deployYamlBenchStack(cli: BareCli, dir: string, resources: number): Promise<BenchStack> {
  const started = performance.now();
  const stack: BenchStack = {
    dir,
    projectDir: writeYamlFixtureProject(join(dir, "project-yaml"), resources),
    cloudDir: join(dir, "cloud"),
    backendUrl: `file://${join(dir, "state-prod")}`,
    configPath: join(dir, "reconciler.yaml"),
    resources,
    deployMs: 0,
  };
  mkdirSync(join(dir, "state-prod"), { recursive: true });
  const bare = async (args: string[], what: string) => expectExit(await runBare(cli, stack, args), [0], what);
  await bare(["stack", "init"], "pulumi stack init");
  await bare(["config", "set", "--secret", "dbPassword", "bench-prod-password"], "pulumi config set --secret");
  const up = await bare(["up", "--yes", "--skip-preview"], "pulumi up");
  if (!new RegExp(`\\+ ${resources + 1} created`).test(up.stdout)) {
    throw new Error(
      `pulumi up: expected ${resources + 1} created (the resources and the stack):\n${up.stdout.slice(-800)}`,
    );
  }
  const entry = {
    name: "prod",
    workDir: stack.projectDir,
    backend: stack.backendUrl,
    env: { PULUMI_CONFIG_PASSPHRASE: fixturePassphrase, FIXTURE_CLOUD_DIR: stack.cloudDir },
    production: true,
    policy: benchPolicy,
  };
  writeFileSync(stack.configPath, stringify({ concurrency: 1, stacks: [entry] }));
  return { ...stack, deployMs: performance.now() - started };
}
