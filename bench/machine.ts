// What the numbers were measured on: CPU, cores, memory, Node and Pulumi CLI versions, date,
// and the load average (another job on the machine shows up there).
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { spawnTimed } from "./spawn-timed.js";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  pulumiCli: string;
  date: string;
  loadAverageAtStart: number[];
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match?.[1]) return match[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? "unknown";
}

export async function describeMachine(pulumiBin: string): Promise<MachineInfo> {
  const version = await spawnTimed(pulumiBin, ["version"], {
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    pulumiCli: version.stdout.trim() || `unknown (exit ${version.code})`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
