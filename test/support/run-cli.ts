// Runs the real `reconciler` CLI (bin/reconciler) as a user would, capturing its output.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { proc: ChildProcess; done: Promise<CliResult> } {
  const proc = spawn(join(repoRoot, "bin", "reconciler"), args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => proc.on("close", (code) => resolve({ code, stdout, stderr })));
  return { proc, done };
}

export async function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).done;
}
