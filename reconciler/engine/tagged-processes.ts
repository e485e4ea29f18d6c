// The processes of one engine call, found by a tag in their environment: the Pulumi CLI gets the
// tag, and everything it starts inherits it (provider plugins, language hosts, the program they
// run), also after the CLI is gone and they are re-parented. Linux only (/proc); elsewhere none
// are found. Only processes of the same user can be read, which are the only ones ours can start.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The environment variable carrying an engine call's tag. */
export const engineRunVariable = "RECONCILER_ENGINE_RUN";

function environOf(procRoot: string, pid: string): Buffer | undefined {
  try {
    return readFileSync(join(procRoot, pid, "environ"));
  } catch {
    // Gone meanwhile, or another user's.
    return undefined;
  }
}

/** Whether a process environment (NUL-separated) holds exactly `entry`. */
function holdsEntry(environ: Buffer, entry: Buffer): boolean {
  for (let at = environ.indexOf(entry); at !== -1; at = environ.indexOf(entry, at + 1)) {
    const startsEntry = at === 0 || environ[at - 1] === 0;
    const end = at + entry.length;
    if (startsEntry && (end === environ.length || environ[end] === 0)) return true;
  }
  return false;
}

/** The pids whose environment carries `tag`, this process excepted. */
export function taggedProcesses(tag: string, procRoot = "/proc"): number[] {
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return [];
  }
  const entry = Buffer.from(`${engineRunVariable}=${tag}`);
  return entries.flatMap((name) => {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) return [];
    const environ = environOf(procRoot, name);
    return environ && holdsEntry(environ, entry) ? [Number(name)] : [];
  });
}

/** Kills every process carrying `tag` (SIGKILL: its engine is gone or was told to stop); returns their pids. */
export function endTaggedProcesses(
  tag: string,
  procRoot = "/proc",
  kill: (pid: number, signal: NodeJS.Signals) => void = (pid, signal) => process.kill(pid, signal),
): number[] {
  const pids = taggedProcesses(tag, procRoot);
  for (const pid of pids) {
    try {
      kill(pid, "SIGKILL");
    } catch {
      // Ended meanwhile.
    }
  }
  return pids;
}
