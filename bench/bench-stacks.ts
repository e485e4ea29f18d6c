// Deployed fixture stacks for the benchmark: each in its own temp dir with its own project
// copy, file:// backend and local cloud, deployed once and reused by every measurement.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { deployFixture, fixtureReconcilerConfig } from "../reconciler/demo/fixture-reconciler.js";
import { fixturePassphrase } from "../reconciler/demo/fixture-stack.js";
import type { Summary } from "./stats.js";

/** The fixture program's fixed resources (two security groups, ALB, target group, secret). */
const baseResources = 5;

export interface BenchStack {
  dir: string;
  /** The project copy the engine runs in (Pulumi.yaml, Pulumi.prod.yaml). */
  projectDir: string;
  cloudDir: string;
  backendUrl: string;
  /** reconciler.yaml for this stack alone. */
  configPath: string;
  /** Managed resources: the 5 fixed ones plus `extraResources` buckets. */
  resources: number;
  deployMs: number;
}

export interface DeployTimes {
  wallMs: number;
  parallel: number;
  bySize: Array<{ resources: number; ms: number }>;
  /** The YAML stacks of the fair baselines, deployed with the bare CLI. */
  yamlBySize?: Array<{ resources: number; ms: number }>;
  smallStacks: { count: number; perStack: Summary };
}

/**
 * Heal, and the pending check kept for a day: detection takes its fast path in every measured run.
 * The drift cycles heal the same drift run after run, which the flapping breaker would stop after
 * three: here that is the point, so its limit is out of reach.
 */
export const benchPolicy = {
  mode: "heal",
  pendingChanges: "exclude",
  pendingCheckEvery: "24h",
  flapping: { maxHeals: 10_000, window: "24h" },
};

/** Deploys the `prod` fixture stack with `resources` managed resources into `dir`. */
export async function deployBenchStack(cli: PulumiCommand, dir: string, resources: number): Promise<BenchStack> {
  if (resources < baseResources)
    throw new Error(`a fixture stack has at least ${baseResources} resources (asked for ${resources})`);
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const spec = { prod: { config: { extraResources: String(resources - baseResources) }, policy: benchPolicy } };
  const deployed = await deployFixture(cli, spec, { dir, extraConfig: { concurrency: 1 } });
  return {
    dir,
    projectDir: join(dir, "project"),
    cloudDir: deployed.cloudDir,
    backendUrl: `file://${join(dir, "state-prod")}`,
    configPath: deployed.configPath,
    resources,
    deployMs: performance.now() - started,
  };
}

/**
 * One reconciler.yaml listing several deployed stacks. They are all named `prod`; the config's
 * duplicate rule keys on backend + project + name, and each has its own backend.
 */
export function writeMultiStackConfig(path: string, stacks: readonly BenchStack[], concurrency: number): string {
  const entries = stacks.map((s) => {
    const [entry] = fixtureReconcilerConfig(s.dir, { prod: { policy: benchPolicy } }).stacks as Array<
      Record<string, unknown>
    >;
    return { ...entry, workDir: s.projectDir };
  });
  writeFileSync(path, stringify({ concurrency, stacks: entries }));
  return path;
}

/** Environment for the bare `pulumi` CLI on one bench stack: what the Automation API would set. */
export function bareCliEnv(
  stack: BenchStack,
  cliBinDir: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...base,
    PATH: `${cliBinDir}:${base["PATH"] ?? ""}`,
    PULUMI_BACKEND_URL: stack.backendUrl,
    PULUMI_CONFIG_PASSPHRASE: fixturePassphrase,
    FIXTURE_CLOUD_DIR: stack.cloudDir,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}
