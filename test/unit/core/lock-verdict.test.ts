// The one verdict on a locked stack: busy while an update may still run, stuck (with its holder
// and the exact command) once the lock is stale or its holder is provably gone, and clear only
// when policy.cancelStaleLocks allows it and the lock is stale with its holder gone.
import { describe, expect, it } from "vitest";
import { lockVerdict, type LockHolder, type LockRules } from "../../../reconciler/core/lock-verdict.js";
import type { StackLock } from "../../../reconciler/core/stack-lock.js";

const lock: StackLock = {
  url: "file:///tmp/state/.pulumi/locks/organization/shop/prod/5f1c.json",
  user: "ops",
  host: "runner-7",
  pid: 4242,
  since: "2024-06-12T11:00:00.000Z",
};
const where = { stack: "prod", backend: "file:///tmp/state", workDir: "/srv/infra" };
const command = "cd /srv/infra && PULUMI_BACKEND_URL=file:///tmp/state pulumi cancel --stack prod --yes";
const rules: LockRules = { staleLockAfter: "30m", cancelStaleLocks: false };
const at = (minutes: number) => new Date(Date.parse(lock.since) + minutes * 60_000);
const verdictOf = (holder: LockHolder, minutes: number, given: LockRules = rules) =>
  lockVerdict([{ lock, holder }], at(minutes), given, where);

describe("the lock verdict", () => {
  it("is busy without a hint when the backend names no lock", () => {
    expect(lockVerdict([], at(0), rules, where)).toEqual({
      verdict: "busy",
      reason: "no-detail",
      message: "stack is locked by another update; retried next cycle",
    });
  });

  it("is busy while a running or unknown holder's lock is younger than staleLockAfter", () => {
    for (const holder of ["running", "unknown"] as const) {
      expect(verdictOf(holder, 20)).toEqual({
        verdict: "busy",
        reason: "fresh",
        message: "stack locked for 20m by ops@runner-7 (pid 4242) since 2024-06-12T11:00:00.000Z; retried next cycle",
      });
    }
  });

  it("is stuck at once, naming the holder and the exact command, when the holder's process is gone", () => {
    expect(verdictOf("gone", 1)).toEqual({
      verdict: "stuck",
      reason: "holder-gone",
      lock,
      command,
      message:
        "stack locked for 1m by ops@runner-7 (pid 4242) since 2024-06-12T11:00:00.000Z; that process is no longer " +
        `running on this host, so the update is gone: clear the lock: ${command}`,
    });
  });

  it("is stuck once the lock is older than staleLockAfter, whoever holds it", () => {
    for (const holder of ["running", "unknown"] as const) {
      const verdict = verdictOf(holder, 31);
      expect(verdict).toMatchObject({ verdict: "stuck", reason: "stale", lock, command });
      expect(verdict.message).toBe(
        "stack locked for 31m by ops@runner-7 (pid 4242) since 2024-06-12T11:00:00.000Z, longer than " +
          `policy.staleLockAfter (30m); if that update is gone, clear the lock: ${command}`,
      );
    }
  });

  it("never clears a lock without policy.cancelStaleLocks, however old and dead", () => {
    expect(verdictOf("gone", 600)).toMatchObject({ verdict: "stuck", reason: "holder-gone" });
    expect(verdictOf("unknown", 600)).toMatchObject({ verdict: "stuck", reason: "stale" });
  });

  it("with cancelStaleLocks, clears a stale lock whose holder is gone, but not a fresh one", () => {
    const cancelling = { ...rules, cancelStaleLocks: true };
    expect(verdictOf("gone", 10, cancelling)).toMatchObject({ verdict: "stuck", reason: "holder-gone" });
    expect(verdictOf("gone", 31, cancelling)).toMatchObject({ verdict: "clear", reason: "holder-gone", lock });
  });

  it("with cancelStaleLocks, clears a lock of unknown holder only past 4 × staleLockAfter, never a running one's", () => {
    const cancelling = { ...rules, cancelStaleLocks: true };
    expect(verdictOf("unknown", 119, cancelling)).toMatchObject({ verdict: "stuck", reason: "stale" });
    expect(verdictOf("unknown", 121, cancelling)).toMatchObject({ verdict: "clear", reason: "abandoned" });
    expect(verdictOf("running", 121, cancelling)).toMatchObject({ verdict: "clear", reason: "abandoned" });
  });

  it("judges the lock whose holder is gone before an older one, and else the oldest", () => {
    const older = { ...lock, pid: 7, since: "2024-06-12T10:50:00.000Z" };
    const gone = lockVerdict(
      [
        { lock: older, holder: "unknown" },
        { lock, holder: "gone" },
      ],
      at(5),
      rules,
      where,
    );
    expect(gone).toMatchObject({ verdict: "stuck", reason: "holder-gone", lock });
    const oldest = lockVerdict(
      [
        { lock, holder: "running" },
        { lock: older, holder: "running" },
      ],
      at(25),
      rules,
      where,
    );
    expect(oldest).toMatchObject({ verdict: "stuck", reason: "stale", lock: older });
  });
});
