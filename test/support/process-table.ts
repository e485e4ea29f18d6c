// The machine's processes from /proc, for tests that count what an engine left behind: who is
// whose child, when each started (so a reused pid is not mistaken for the same process), and
// its command line.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: with the pid, one process's identity. */
  start: string;
  zombie: boolean;
  cmdline: string;
}

function entry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? "", zombie: fields[0] === "Z", cmdline };
  } catch {
    return undefined;
  }
}

export function processTable(): ProcessEntry[] {
  return readdirSync("/proc").flatMap((name) => (/^\d+$/.test(name) ? (entry(Number(name)) ?? []) : []));
}

/** Every process below `root`, children first. */
export function descendantsOf(root: number, table: ProcessEntry[] = processTable()): ProcessEntry[] {
  const children = table.filter((p) => p.ppid === root);
  return children.flatMap((child) => [child, ...descendantsOf(child.pid, table)]);
}

/** Those of `seen` still running: the same pid and start time, and not a zombie. */
export function stillRunning(seen: readonly ProcessEntry[]): ProcessEntry[] {
  const now = processTable();
  return seen.filter((p) => now.some((q) => q.pid === p.pid && q.start === p.start && !q.zombie));
}

/** Polls until `find` gives something (or fails after `timeoutMs`). */
export async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
