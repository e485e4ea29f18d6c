// Runs a command as a child process and times it from spawn to exit, optionally sampling
// memory from /proc while it runs (VmHWM of a chosen process, summed VmRSS of the whole tree).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface TimedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  stdout: string;
  stderr: string;
  memory?: TreeMemory;
}

interface TreeMemory {
  /** Highest VmHWM (peak RSS) seen for the process matched by `mainProcess`, in KiB. */
  mainPeakKiB: number;
  /** Highest sum of VmRSS over the whole process tree at one sampling instant, in KiB. */
  treePeakKiB: number;
  samples: number;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Sample memory every `intervalMs` while the command runs. */
  sampleMemory?: { intervalMs: number; mainProcess: (cmdline: string) => boolean };
}

export async function spawnTimed(command: string, args: readonly string[], opts: SpawnOptions = {}): Promise<TimedRun> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const memory: TreeMemory = { mainPeakKiB: 0, treePeakKiB: 0, samples: 0 };
  const sampler =
    opts.sampleMemory && child.pid !== undefined ? startSampler(child.pid, opts.sampleMemory, memory) : undefined;
  const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs) : undefined;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on("error", reject);
      child.on("close", (c, s) => resolve({ code: c, signal: s }));
    },
  );
  const wallMs = performance.now() - started;
  if (timer) clearTimeout(timer);
  if (sampler) clearInterval(sampler);
  return { code, signal, wallMs, stdout, stderr, ...(opts.sampleMemory ? { memory } : {}) };
}

function startSampler(
  rootPid: number,
  opts: NonNullable<SpawnOptions["sampleMemory"]>,
  memory: TreeMemory,
): NodeJS.Timeout {
  const sample = () => {
    let tree = 0;
    for (const pid of descendants(rootPid)) {
      const status = readProc(pid, "status");
      if (!status) continue;
      tree += kib(status, "VmRSS");
      const cmdline = readProc(pid, "cmdline")?.replaceAll("\0", " ") ?? "";
      if (opts.mainProcess(cmdline)) memory.mainPeakKiB = Math.max(memory.mainPeakKiB, kib(status, "VmHWM"));
    }
    memory.treePeakKiB = Math.max(memory.treePeakKiB, tree);
    memory.samples++;
  };
  sample();
  return setInterval(sample, opts.intervalMs);
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // the process exited between listing and reading: skip this sample of it
  }
}

function kib(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match?.[1] ? Number(match[1]) : 0;
}

/** The pid and every descendant, from each process's parent pid in /proc/<pid>/stat. */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    if (!stat) continue;
    // The command name (field 2) may hold spaces and parentheses: parse after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Fails with the command's output when it did not exit with one of the expected codes. */
export function expectExit(run: TimedRun, expected: readonly number[], what: string): TimedRun {
  if (run.code === null || !expected.includes(run.code)) {
    const tail = (text: string) => text.trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `${what}: exit ${run.code ?? run.signal} (expected ${expected.join(" or ")})\nstdout:\n${tail(run.stdout)}\nstderr:\n${tail(run.stderr)}`,
    );
  }
  return run;
}
