// Section 9: `reconciler serve` over a fleet for many cycles. K stacks × R resources (TypeScript
// fixture, one deployed and copied as in section 7) in one config whose schedule fires every few
// seconds, so cycles run back to back (an overlapping tick is skipped). The bundled CLI is spawned as
// a container would run it; after each finished cycle (read from its /metrics) the service's node
// process's RSS and open file descriptors are read from /proc. Every `driftEvery` cycles SSH is opened
// on the next stack's ALB security group, which the following cycle heals.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse, stringify } from "yaml";
import { addIngressRule } from "../reconciler/demo/fixture-provider/out-of-band.js";
import { deployBenchStack, writeMultiStackConfig } from "./bench-stacks.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { copyFleet } from "./big-fleet.js";
import { assertFreshBundle } from "./cli-startup.js";
import { reconcilerBin } from "./commands.js";
import { sshOpen } from "./drift-cycle.js";
import type { Log } from "./iterate.js";
import { isReconcilerNode } from "./memory.js";
import { descendants } from "./spawn-timed.js";

export interface SoakCycle {
  cycle: number;
  /** From the end of the previous cycle (or the service's start) to this one's end. */
  wallMs: number;
  rssKiB: number;
  fds: number;
  /** A drift was added before this cycle. */
  drifted: boolean;
}

export interface SoakOptions {
  stacks: number;
  resources: number;
  cycles: number;
  concurrency: number;
  driftEvery: number;
  /** Stop after this long even if fewer cycles ran (at least 2 are waited for); the result says how many ran. */
  maxMinutes: number;
}

export interface SoakResult {
  stacks: number;
  resourcesPerStack: number;
  concurrency: number;
  driftEvery: number;
  /** Cycles asked for; fewer ran when BENCH_SOAK_MINUTES passed first. */
  cyclesAsked: number;
  cycles: SoakCycle[];
  /** Cycles the service counted as errors. */
  errorCycles: number;
  /** Heals the service counted, and drifts the bench added. */
  heals: number;
  driftsAdded: number;
  /** Drifts still in the cloud when the service was stopped (the last one may not have had its cycle). */
  driftsLeft: number;
  peakRssKiB: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("soak: no free port");
  return address.port;
}

/** The sum of a Prometheus counter's samples, optionally of one label value. */
export function counterSum(metrics: string, name: string, label?: string): number {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => label === undefined || line.includes(label))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

function serviceNodePid(rootPid: number): number | undefined {
  return descendants(rootPid).find((pid) => isReconcilerNode(procText(pid, "cmdline")?.replaceAll("\0", " ") ?? ""));
}

function procText(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

function rssKiB(pid: number): { rss: number; hwm: number } {
  const status = procText(pid, "status") ?? "";
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
}

function writeSoakConfig(path: string, fleetConfig: string, port: number): void {
  // The fleet file shares its values through aliases, as a person writing it would; this is the bench's own file.
  const config = parse(readFileSync(fleetConfig, "utf8"), { maxAliasCount: -1 }) as Record<string, unknown>;
  const service = { schedule: "*/2 * * * * *", maxStartDelaySeconds: 0, port, host: "127.0.0.1" };
  writeFileSync(path, stringify({ ...config, service }, { aliasDuplicateObjects: false }));
}

export async function serveSoak(cli: PulumiCommand, root: string, opts: SoakOptions, log: Log): Promise<SoakResult> {
  assertFreshBundle(repoRoot, "serve soak");
  const first = await deployBenchStack(cli, join(root, "soak-001"), opts.resources);
  const stacks = copyFleet(first, root, "soak", opts.stacks);
  const fleetConfig = writeMultiStackConfig(join(root, "soak-fleet.yaml"), stacks, opts.concurrency);
  const port = await freePort();
  const configPath = join(root, "soak.yaml");
  writeSoakConfig(configPath, fleetConfig, port);
  log(`  soak: ${opts.stacks} stacks × ${opts.resources}, serve on port ${port}, ${opts.cycles} cycles`);
  const child = spawn(reconcilerBin, ["serve", "--config", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  try {
    return await drive(child.pid as number, port, stacks, opts, log, () => child.exitCode !== null);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserve's last output:\n${stderr}`);
  } finally {
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(60_000)]);
  }
}

async function drive(
  rootPid: number,
  port: number,
  stacks: ReturnType<typeof copyFleet>,
  opts: SoakOptions,
  log: Log,
  gone: () => boolean,
): Promise<SoakResult> {
  const metrics = async () => {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } catch {
      return "";
    }
  };
  const cycles: SoakCycle[] = [];
  let driftsAdded = 0;
  let peak = 0;
  let last = performance.now();
  let drifted = false;
  const deadline = performance.now() + opts.maxMinutes * 60_000;
  while (cycles.length < opts.cycles) {
    if (gone()) throw new Error("soak: serve exited");
    if (cycles.length >= 2 && performance.now() > deadline) {
      log(`  soak: stopped after ${cycles.length} cycles (BENCH_SOAK_MINUTES ${opts.maxMinutes})`);
      break;
    }
    await sleep(500);
    const text = await metrics();
    const done = counterSum(text, "drift_reconciler_cycles_total");
    if (done <= cycles.length) continue;
    const pid = serviceNodePid(rootPid);
    if (pid === undefined) throw new Error("soak: the service's node process was not found in /proc");
    const mem = rssKiB(pid);
    peak = Math.max(peak, mem.hwm);
    const now = performance.now();
    const fds = readdirSync(`/proc/${pid}/fd`).length;
    cycles.push({ cycle: done, wallMs: now - last, rssKiB: mem.rss, fds, drifted });
    log(
      `  soak cycle ${done}: ${((now - last) / 1000).toFixed(1)} s, RSS ${Math.round(mem.rss / 1024)} MiB, ${fds} fds`,
    );
    last = now;
    drifted = done % opts.driftEvery === 0 && done < opts.cycles;
    if (drifted) {
      addIngressRule((stacks[driftsAdded % stacks.length] as (typeof stacks)[number]).cloudDir, "prod-alb-sg");
      driftsAdded++;
    }
  }
  const text = await metrics();
  return {
    concurrency: opts.concurrency,
    driftEvery: opts.driftEvery,
    cyclesAsked: opts.cycles,
    stacks: stacks.length,
    resourcesPerStack: opts.resources,
    cycles,
    errorCycles: counterSum(text, "drift_reconciler_cycles_total", 'result="error"'),
    heals: counterSum(text, "drift_reconciler_heals_total"),
    driftsAdded,
    driftsLeft: stacks.filter(sshOpen).length,
    peakRssKiB: peak,
  };
}
