// What to do about a busy stack's locks: nothing while they are fresh; when one is older than
// policy.staleLockAfter the stack is stuck (who holds it, since when, the command that clears
// it); and with policy.cancelStaleLocks, a stale lock whose holder is provably gone is cleared
// through the Automation API (stack.cancel), so the caller can go on.
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import { parseDuration } from "../core/duration.js";
import type { EffectivePolicy } from "../core/loaded-config.js";
import { stuckVerdict, type StackLock } from "../core/stack-lock.js";
import { lockHolderGone } from "./lock-holder-gone.js";
import { timedOperation } from "./timed-operation.js";

export type LockVerdict =
  { kind: "none" } | { kind: "stuck"; lock: StackLock; message: string } | { kind: "cleared"; lock: StackLock };

export interface StaleLockContext {
  policy: Pick<EffectivePolicy, "staleLockAfter" | "cancelStaleLocks">;
  now: Clock;
  /** Already redacted. */
  backend: string;
  locks?: { workDir: string };
  log?: Logger;
}

export async function settleStaleLock(
  stack: Stack,
  locks: readonly StackLock[] | undefined,
  ctx: StaleLockContext,
): Promise<LockVerdict> {
  const now = ctx.now();
  const where = { stack: stack.name, backend: ctx.backend, workDir: ctx.locks?.workDir ?? "." };
  const stuck = locks ? stuckVerdict(locks, now, ctx.policy.staleLockAfter, where) : undefined;
  if (!stuck) return { kind: "none" };
  if (ctx.policy.cancelStaleLocks && lockHolderGone(stuck.lock, now, parseDuration(ctx.policy.staleLockAfter))) {
    ctx.log?.warn({ lock: stuck.lock }, "clearing a stale lock whose holder is gone");
    await timedOperation("cancel", ctx.log, () => stack.cancel());
    return { kind: "cleared", lock: stuck.lock };
  }
  return { kind: "stuck", lock: stuck.lock, message: stuck.message };
}
