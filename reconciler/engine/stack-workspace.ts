// Opens a stack as an Automation API inline program inside its project directory, so
// Pulumi.<stack>.yaml still applies and no language host or compile step is needed.
import { LocalWorkspace, type PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation/index.js";

export interface StackTarget {
  /** Stack name, e.g. "prod". */
  stack: string;
  /** Pulumi project name (Pulumi.yaml `name`). */
  project: string;
  /** Directory holding Pulumi.yaml and Pulumi.<stack>.yaml. */
  workDir: string;
  program: PulumiFn;
  /** State backend: file://…, s3://…, or a Pulumi Cloud URL. One per environment. */
  backendUrl: string;
  /** e.g. "passphrase", "awskms://…"; used only when a stack is created. */
  secretsProvider?: string;
  /**
   * The engine's and its plugins' environment (credentials, passphrase, regions). The
   * Automation API merges it over the process environment: to keep a variable of the process
   * out, set it to "" here (core/engine-env.ts does so for everything outside its allow-list).
   */
  env?: Record<string, string>;
}

/**
 * Selects an existing stack. With `create`, makes it when missing (deploy tooling,
 * tests and the demo); the reconciler never creates stacks: an unknown stack is an error.
 */
export async function openStack(
  target: StackTarget,
  pulumiCommand: PulumiCommand,
  opts: { create?: boolean } = {},
): Promise<Stack> {
  const args = { stackName: target.stack, projectName: target.project, program: target.program };
  const workspaceOpts = {
    workDir: target.workDir,
    pulumiCommand,
    ...(target.secretsProvider ? { secretsProvider: target.secretsProvider } : {}),
    envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", ...target.env, PULUMI_BACKEND_URL: target.backendUrl },
  };
  return opts.create
    ? LocalWorkspace.createOrSelectStack(args, workspaceOpts)
    : LocalWorkspace.selectStack(args, workspaceOpts);
}
