// Stack locks from the engine's message: who holds it, since when, whether it is stale, and the
// command that clears it.
import { describe, expect, it } from "vitest";
import { describeStaleLock, parseStackLocks, recoveryCommand, staleLock } from "../../../reconciler/core/stack-lock.js";

const message =
  "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
  "  file:///tmp/state/.pulumi/locks/organization/shop/prod/5f1c.json: created by ops@runner-7 (pid 4242) at 2024-06-12T11:00:00Z";

describe("stack locks", () => {
  it("reads each lock's file, holder, pid and time from the engine's message", () => {
    expect(parseStackLocks(message)).toEqual([
      {
        url: "file:///tmp/state/.pulumi/locks/organization/shop/prod/5f1c.json",
        user: "ops",
        host: "runner-7",
        pid: 4242,
        since: "2024-06-12T11:00:00.000Z",
      },
    ]);
  });

  it("finds no lock in a message that has none", () => {
    expect(parseStackLocks("error: [409] Conflict: Another update is currently in progress.")).toEqual([]);
  });

  it("calls a lock stale only once it is older than the threshold", () => {
    const locks = parseStackLocks(message);
    expect(staleLock(locks, new Date("2024-06-12T11:20:00Z"), 30 * 60_000)).toBeUndefined();
    expect(staleLock(locks, new Date("2024-06-12T11:31:00Z"), 30 * 60_000)).toEqual(locks[0]);
  });

  it("says who holds it, for how long, and the exact command to clear it", () => {
    const [lock] = parseStackLocks(message);
    if (!lock) throw new Error("no lock");
    const command = recoveryCommand("prod", "s3://state?region=eu-west-1", "/srv/infra");
    expect(command).toBe(
      "cd /srv/infra && PULUMI_BACKEND_URL='s3://state?region=eu-west-1' pulumi cancel --stack prod --yes",
    );
    expect(describeStaleLock(lock, new Date("2024-06-12T13:03:00Z"), "30m", command)).toBe(
      `stack locked for 2h 3m by ops@runner-7 (pid 4242) since 2024-06-12T11:00:00.000Z, longer than policy.staleLockAfter (30m); if that update is gone, clear the lock: ${command}`,
    );
  });
});
