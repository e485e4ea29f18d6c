// Whether the process holding a stale stack lock is provably gone: it ran on this host and its
// pid is not running, or the lock is far older than any update could take (4 × staleLockAfter).
import { hostname } from "node:os";
import { lockAgeMs, type StackLock } from "../core/stack-lock.js";

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockHolderGone(
  lock: StackLock,
  now: Date,
  staleAfterMs: number,
  thisHost: string = hostname(),
  running: (pid: number) => boolean = pidRunning,
): boolean {
  if (lockAgeMs(lock, now) > 4 * staleAfterMs) return true;
  return lock.host === thisHost && !running(lock.pid);
}
