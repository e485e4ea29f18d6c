// A stack an engine call found locked: its holders probed (lock-holder.ts), the one verdict
// (core/lock-verdict.ts) applied. Busy and stuck are reported; a lock the verdict says to clear
// is cancelled through the Automation API (stack.cancel), so the caller can go on.
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { EffectivePolicy } from "../core/loaded-config.js";
import { lockVerdict, type LockHolder } from "../core/lock-verdict.js";
import type { StackLock } from "../core/stack-lock.js";
import { lockHolder } from "./lock-holder.js";
import { timedOperation } from "./timed-operation.js";

export type LockSettlement =
  | { kind: "busy"; message: string }
  | { kind: "stuck"; lock: StackLock; message: string }
  | { kind: "cleared"; lock: StackLock };

export interface LockContext {
  policy: Pick<EffectivePolicy, "staleLockAfter" | "cancelStaleLocks">;
  now: Clock;
  /** Already redacted. */
  backend: string;
  /** The stack's project directory, where the command that clears the lock runs. */
  workDir: string;
  log?: Logger;
  /** Probes a lock's holder (default: lock-holder.ts, on this host). */
  holderOf?: (lock: StackLock) => LockHolder;
}

export async function settleStackLock(
  stack: Stack,
  locks: readonly StackLock[],
  ctx: LockContext,
): Promise<LockSettlement> {
  const holderOf = ctx.holderOf ?? ((lock: StackLock) => lockHolder(lock));
  const seen = locks.map((lock) => ({ lock, holder: holderOf(lock) }));
  const where = { stack: stack.name, backend: ctx.backend, workDir: ctx.workDir };
  const verdict = lockVerdict(seen, ctx.now(), ctx.policy, where);
  switch (verdict.verdict) {
    case "busy":
      return { kind: "busy", message: verdict.message };
    case "stuck":
      ctx.log?.warn({ lock: verdict.lock, reason: verdict.reason }, "stack stuck behind a lock");
      return { kind: "stuck", lock: verdict.lock, message: verdict.message };
    case "clear":
      ctx.log?.warn({ lock: verdict.lock, reason: verdict.reason }, "clearing a stale lock whose holder is gone");
      await timedOperation("cancel", ctx.log, () => stack.cancel());
      return { kind: "cleared", lock: verdict.lock };
  }
}
