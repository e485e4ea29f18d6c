// What can be known of the process that took a stack lock: when it ran on this host, whether
// its pid still runs; from another host nothing (core/lock-verdict.ts decides what follows).
import { hostname } from "node:os";
import type { LockHolder } from "../core/lock-verdict.js";
import type { StackLock } from "../core/stack-lock.js";

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockHolder(
  lock: StackLock,
  thisHost: string = hostname(),
  running: (pid: number) => boolean = pidRunning,
): LockHolder {
  if (lock.host !== thisHost || !Number.isSafeInteger(lock.pid) || lock.pid <= 0) return "unknown";
  return running(lock.pid) ? "running" : "gone";
}
