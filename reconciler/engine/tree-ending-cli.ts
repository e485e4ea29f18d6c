// Every engine call ends with its whole process tree. The Pulumi CLI of each call runs with a tag
// of its own in its environment (tagged-processes.ts), which everything it starts inherits. When
// the call ends, however it ends (done, failed, its CLI killed by someone else), whatever still
// carries the tag is killed: a provider plugin or language host is never left behind by a CLI
// that died. When the call is aborted (the engine-abort fallback, the service's shutdown grace)
// and its CLI has not ended `killAfterMs` later, the CLI and everything it started are killed.
import { randomUUID } from "node:crypto";
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import type { Logger } from "pino";
import { endTaggedProcesses, engineRunVariable } from "./tagged-processes.js";
import { withOverrides } from "./with-overrides.js";

/** PulumiCommand's `run`, through which the Automation API runs every CLI command (left out of its typings). */
export type EngineRun = (
  args: string[],
  cwd: string,
  additionalEnv: Record<string, string>,
  onOutput?: (data: string) => void,
  onError?: (data: string) => void,
  signal?: AbortSignal,
) => Promise<unknown>;

export interface TreeEnding {
  /** How long an aborted call's CLI may take to stop on its own (default 30 s). */
  killAfterMs?: number;
  /** Where processes are listed (default /proc). */
  procRoot?: string;
  log?: Logger;
}

type Settings = Required<Omit<TreeEnding, "log">> & Pick<TreeEnding, "log">;

/** Kills the call's processes once `killAfterMs` have passed after `signal` aborted; returns the disposer. */
function killWhenStopIsLate(tag: string, signal: AbortSignal | undefined, opts: Settings): () => void {
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => {
      const killed = endTaggedProcesses(tag, opts.procRoot);
      opts.log?.warn({ killed: killed.length }, "engine did not stop when asked: killed with its processes");
    }, opts.killAfterMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return () => {
    signal?.removeEventListener("abort", onAbort);
    clearTimeout(timer);
  };
}

/** The CLI, its every call ending with its whole process tree. */
export function treeEndingCli(cli: PulumiCommand, given: TreeEnding = {}): PulumiCommand {
  const runnable = cli as PulumiCommand & { run: EngineRun };
  const opts: Settings = {
    killAfterMs: given.killAfterMs ?? 30_000,
    procRoot: given.procRoot ?? "/proc",
    ...(given.log ? { log: given.log } : {}),
  };
  const run: EngineRun = async (args, cwd, additionalEnv, onOutput, onError, signal) => {
    const tag = randomUUID();
    const dispose = killWhenStopIsLate(tag, signal, opts);
    try {
      return await runnable.run(args, cwd, { ...additionalEnv, [engineRunVariable]: tag }, onOutput, onError, signal);
    } finally {
      dispose();
      const left = endTaggedProcesses(tag, opts.procRoot);
      if (left.length > 0) opts.log?.warn({ killed: left.length }, "engine processes outlived their CLI: killed");
    }
  };
  return withOverrides(runnable, { run });
}
