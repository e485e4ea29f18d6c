// The one verdict on a stack held by a lock: busy (another update runs; retried next cycle),
// stuck (a person must clear the lock: the message names its holder and the exact command), or
// clear (the reconciler cancels it itself, policy.cancelStaleLocks). Pure: whether the holder is
// still running is probed by the engine (engine/lock-holder.ts) and comes in as data, like the time.
import { formatDuration, parseDuration } from "./duration.js";
import { lockAgeMs, recoveryCommand, type LockedStack, type StackLock } from "./stack-lock.js";

/**
 * What is known of the process that took a lock: it ran on this host and is running or gone,
 * or it ran elsewhere (unknown).
 */
export type LockHolder = "running" | "gone" | "unknown";

export interface SeenLock {
  lock: StackLock;
  holder: LockHolder;
}

export interface LockRules {
  /** policy.staleLockAfter: how long an update may hold the stack before it counts as stuck. */
  staleLockAfter: string;
  /** policy.cancelStaleLocks: clear a stale lock whose holder is provably gone. */
  cancelStaleLocks: boolean;
}

export type LockVerdict =
  | {
      verdict: "busy";
      /** no-detail: the backend names no lock (a managed backend); fresh: held for less than staleLockAfter. */
      reason: "no-detail" | "fresh";
      message: string;
    }
  | {
      verdict: "stuck";
      /** holder-gone: its process no longer runs on this host; stale: held for longer than staleLockAfter. */
      reason: "holder-gone" | "stale";
      lock: StackLock;
      /** The command that clears the lock, for this stack and backend. */
      command: string;
      message: string;
    }
  | {
      verdict: "clear";
      /** holder-gone: stale and its process no longer runs here; abandoned: older than 4 × staleLockAfter. */
      reason: "holder-gone" | "abandoned";
      lock: StackLock;
      message: string;
    };

/** The lock that says most: one whose holder is gone, else the oldest. */
function tellingLock(seen: readonly SeenLock[]): SeenLock | undefined {
  const oldestFirst = [...seen].sort((a, b) => a.lock.since.localeCompare(b.lock.since));
  return oldestFirst.find((s) => s.holder === "gone") ?? oldestFirst[0];
}

function heldBy(lock: StackLock, now: Date): string {
  return `stack locked for ${formatDuration(lockAgeMs(lock, now))} by ${lock.user}@${lock.host} (pid ${lock.pid}) since ${lock.since}`;
}

/** Busy, stuck or clear, for the locks a failed engine call met, with the reason and what to say. */
export function lockVerdict(seen: readonly SeenLock[], now: Date, rules: LockRules, where: LockedStack): LockVerdict {
  const telling = tellingLock(seen);
  if (!telling) {
    return { verdict: "busy", reason: "no-detail", message: "stack is locked by another update; retried next cycle" };
  }
  const { lock, holder } = telling;
  const staleAfterMs = parseDuration(rules.staleLockAfter);
  const age = lockAgeMs(lock, now);
  const stale = age > staleAfterMs;
  const abandoned = age > 4 * staleAfterMs;
  // Clearing another update's lock is destructive: only a stale lock, and only when its holder is provably gone.
  if (rules.cancelStaleLocks && stale && (holder === "gone" || abandoned)) {
    const reason = holder === "gone" ? "holder-gone" : "abandoned";
    const why =
      reason === "holder-gone"
        ? "its process is no longer running on this host"
        : "it is older than 4 × policy.staleLockAfter";
    return {
      verdict: "clear",
      reason,
      lock,
      message: `${heldBy(lock, now)}: clearing it, ${why} (policy.cancelStaleLocks)`,
    };
  }
  const command = recoveryCommand(where.stack, where.backend, where.workDir);
  if (holder === "gone") {
    const message = `${heldBy(lock, now)}; that process is no longer running on this host, so the update is gone: clear the lock: ${command}`;
    return { verdict: "stuck", reason: "holder-gone", lock, command, message };
  }
  if (stale) {
    const message = `${heldBy(lock, now)}, longer than policy.staleLockAfter (${rules.staleLockAfter}); if that update is gone, clear the lock: ${command}`;
    return { verdict: "stuck", reason: "stale", lock, command, message };
  }
  return { verdict: "busy", reason: "fresh", message: `${heldBy(lock, now)}; retried next cycle` };
}
