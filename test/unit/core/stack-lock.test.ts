// Stack locks from the engine's message: who holds it, since when, and the command that clears it
// (what to make of a lock: lock-verdict.test.ts).
import { describe, expect, it } from "vitest";
import { parseStackLocks, recoveryCommand } from "../../../reconciler/core/stack-lock.js";

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

  it("gives the exact command that clears the lock, quoted for the shell", () => {
    const command = recoveryCommand("prod", "s3://state?region=eu-west-1", "/srv/infra");
    expect(command).toBe(
      "cd /srv/infra && PULUMI_BACKEND_URL='s3://state?region=eu-west-1' pulumi cancel --stack prod --yes",
    );
    expect(recoveryCommand("it's", "file:///tmp/state", "/srv/my infra")).toBe(
      `cd '/srv/my infra' && PULUMI_BACKEND_URL=file:///tmp/state pulumi cancel --stack 'it'\\''s' --yes`,
    );
  });
});
