// One fleet cycle in a fresh node process (big-fleet.ts spawns it): `detectDrift()` over every stack of
// a config at one concurrency, with this process's RSS taken after each finished engine operation and
// every 100 ms, and its open file descriptors counted before and after the cycle. Prints JSON.
// Arguments: <reconciler.yaml> <concurrency>.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { detectDrift, loadConfig } from "../reconciler/index.js";
import { engineMs } from "./commands.js";

const [configPath, concurrencyArg] = process.argv.slice(2);
if (!configPath || !concurrencyArg) throw new Error("usage: fleet-child.ts <reconciler.yaml> <concurrency>");
const concurrency = Number(concurrencyArg);

const fds = () => readdirSync("/proc/self/fd").length;
const rss = () => process.memoryUsage.rss();
const vmHwmKiB = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);

const config = { ...(await loadConfig(configPath, {})), concurrency };
const fdBaseline = fds();
const rssBaseline = rss();
const rssAtDone: number[] = [];
let peakRss = rssBaseline;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 100);
const started = performance.now();
const reports = await detectDrift({
  config,
  onProgress: (_stack, _operation, event) => {
    if (event.summaryEvent) rssAtDone.push(rss());
  },
});
const wallMs = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, rss(), ...rssAtDone);
const fdsRightAfter = fds();
await sleep(1000); // engines' pipes close as their processes are reaped
const fdsAfter = fds();
const notInSync = reports.filter((r) => r.status !== "in-sync").map((r) => `${r.status}: ${r.error ?? ""}`);
process.stdout.write(
  `${JSON.stringify({
    stacks: reports.length,
    concurrency,
    wallMs,
    notInSync,
    programRuns: reports.filter((r) => r.checks?.pending === "checked").length,
    engineMs: reports.map((r) => engineMs([r])),
    reportMs: reports.map((r) => r.durationMs),
    rssBaseline,
    rssAtDone,
    peakRss,
    vmHwmKiB: vmHwmKiB(),
    fdBaseline,
    fdsRightAfter,
    fdsAfter,
    leftoverFds: fdsAfter > fdBaseline ? fdTargets() : [],
  })}\n`,
);
// The Automation API can leave handles open that would keep node alive.
process.exit(0);

function fdTargets(): string[] {
  return readdirSync("/proc/self/fd").map((fd) => {
    try {
      return `${fd} → ${readlinkSync(`/proc/self/fd/${fd}`)}`;
    } catch {
      return fd;
    }
  });
}
