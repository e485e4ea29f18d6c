// What is known of a lock's holder: on this host, whether its pid runs; from elsewhere, nothing.
import { describe, expect, it } from "vitest";
import { lockHolder } from "../../../reconciler/engine/lock-holder.js";

const lock = { url: "file:///s/lock.json", user: "ops", host: "runner-7", pid: 4242, since: "2024-06-12T11:00:00Z" };

describe("lockHolder", () => {
  it("asks whether the pid runs only when the lock was taken on this host", () => {
    const asked: number[] = [];
    const running = (pid: number) => (asked.push(pid), false);
    expect(lockHolder(lock, "runner-7", running)).toBe("gone");
    expect(lockHolder(lock, "laptop", running)).toBe("unknown");
    expect(asked).toEqual([4242]);
    expect(lockHolder(lock, "runner-7", () => true)).toBe("running");
  });

  it("knows nothing of a pid that cannot be one", () => {
    expect(lockHolder({ ...lock, pid: 0 }, "runner-7", () => false)).toBe("unknown");
  });

  it("finds this very process running", () => {
    expect(lockHolder({ ...lock, pid: process.pid }, "here")).toBe("unknown");
    expect(lockHolder({ ...lock, host: "here", pid: process.pid }, "here")).toBe("running");
  });
});
