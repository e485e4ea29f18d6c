// Opens a stack in its project directory, so Pulumi.<stack>.yaml applies: as an Automation API
// inline program (a function in this process; no language host or compile step), or, without
// one, as the project's own local program, which the engine runs through the language host its
// Pulumi.yaml names (runtime), exactly as `pulumi up` in that directory would.
import { treeEndingCli } from "./tree-ending-cli.js";
import { withOverrides } from "./with-overrides.js";
import { LocalWorkspace, Stack, type PulumiCommand, type PulumiFn } from "@pulumi/pulumi/automation/index.js";
import { engineEnv } from "../core/engine-env.js";
import { inheritedEnv } from "./inherited-env.js";

export interface StackTarget {
  /** Stack name, e.g. "prod". */
  stack: string;
  /** Pulumi project name (Pulumi.yaml `name`). */
  project: string;
  /** Directory holding Pulumi.yaml and Pulumi.<stack>.yaml. */
  workDir: string;
  /** The inline program; undefined: the project's own program in workDir (a local program). */
  program?: PulumiFn;
  /** State backend: file://…, s3://…, or a Pulumi Cloud URL. One per environment. */
  backendUrl: string;
  /** e.g. "passphrase", "awskms://…"; used only when a stack is created. */
  secretsProvider?: string;
  /**
   * The engine's and its plugins' environment (credentials, passphrase, regions). The
   * Automation API merges it over the process environment; openStack sets every inherited
   * variable outside the allow-list to "" under it (core/engine-env.ts), so an engine sees
   * these variables and the engine settings only.
   */
  env?: Record<string, string>;
}

/**
 * Opens an existing stack without spawning anything. With `create`, makes it when missing
 * (deploy tooling, tests and the demo); the reconciler never creates stacks: an unknown stack is
 * an error, from its first engine call.
 */
export async function openStack(
  target: StackTarget,
  pulumiCommand: PulumiCommand,
  opts: { create?: boolean } = {},
): Promise<Stack> {
  const workspaceOpts = {
    workDir: target.workDir,
    // Each engine call ends with its whole process tree (tree-ending-cli.ts).
    pulumiCommand: treeEndingCli(pulumiCommand),
    ...(target.secretsProvider ? { secretsProvider: target.secretsProvider } : {}),
    envVars: {
      PULUMI_SKIP_UPDATE_CHECK: "true",
      ...engineEnv(target.env ?? {}, inheritedEnv()),
      PULUMI_BACKEND_URL: target.backendUrl,
    },
  };
  if (opts.create) {
    if (target.program === undefined) {
      return LocalWorkspace.createOrSelectStack({ stackName: target.stack, workDir: target.workDir }, workspaceOpts);
    }
    const inline = { stackName: target.stack, projectName: target.project, program: target.program };
    return LocalWorkspace.createOrSelectStack(inline, workspaceOpts);
  }
  // workDir holds the project's Pulumi.yaml (check-stacks.ts makes sure of it), which the workspace reads.
  const workspace = await LocalWorkspace.create({
    ...workspaceOpts,
    ...(target.program === undefined ? {} : { program: target.program }),
  });
  // `selectStack` does nothing: the Automation API names the stack in every command it runs
  // (`--stack`), so selecting it first only spawns `pulumi stack select` (0.2–0.3 s) to find out
  // whether it exists, which the first engine call tells as well, as the same StackNotFoundError
  // (engine-errors.ts says what to check).
  return Stack.select(target.stack, withOverrides(workspace, { selectStack: async () => undefined }));
}
