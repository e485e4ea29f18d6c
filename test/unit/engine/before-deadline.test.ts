// Waiting for work no longer than a deadline: the work's value in time, the stand-in after it,
// and no timer left behind either way.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { beforeDeadline } from "../../../reconciler/engine/before-deadline.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function later<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe("beforeDeadline", () => {
  it("gives the work's value when it settles before the deadline, and leaves no timer", async () => {
    const result = beforeDeadline(later(50, "done"), 1_000, "late");
    await vi.advanceTimersByTimeAsync(50);
    await expect(result).resolves.toBe("done");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives the stand-in once the deadline passes, while the work goes on", async () => {
    const work = later(5_000, "done");
    const result = beforeDeadline(work, 1_000, "late" as const);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe("late");
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(work).resolves.toBe("done");
  });

  it("passes the work's failure on when it fails in time", async () => {
    const failing = Promise.reject(new Error("engine gone"));
    await expect(beforeDeadline(failing, 1_000, undefined)).rejects.toThrow("engine gone");
    expect(vi.getTimerCount()).toBe(0);
  });
});
