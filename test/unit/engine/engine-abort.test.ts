// Cancellation reaches an engine operation only once it has started (its first event),
// so the CLI never dies before it can release the stack lock.
import { describe, expect, it, vi } from "vitest";
import { engineAbort, OperationAbortedError } from "../../../reconciler/engine/engine-abort.js";

describe("deferred engine cancellation", () => {
  it("holds an abort until the operation's first event, then passes it on", () => {
    const outer = new AbortController();
    const abort = engineAbort(outer.signal);
    outer.abort();
    expect(abort.signal.aborted).toBe(false);
    abort.sawEvent();
    expect(abort.signal.aborted).toBe(true);
    abort.dispose();
  });

  it("passes an abort on at once when the operation has already started", () => {
    const outer = new AbortController();
    const abort = engineAbort(outer.signal);
    abort.sawEvent();
    outer.abort();
    expect(abort.signal.aborted).toBe(true);
  });

  it("aborts anyway after the fallback when no event ever comes", () => {
    vi.useFakeTimers();
    try {
      const outer = new AbortController();
      const abort = engineAbort(outer.signal, 1000);
      outer.abort();
      vi.advanceTimersByTime(999);
      expect(abort.signal.aborted).toBe(false);
      vi.advanceTimersByTime(1);
      expect(abort.signal.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not start an operation once the run was aborted", () => {
    const outer = new AbortController();
    outer.abort();
    expect(() => engineAbort(outer.signal)).toThrow(OperationAbortedError);
  });

  it("stops listening once disposed", () => {
    const outer = new AbortController();
    const abort = engineAbort(outer.signal);
    abort.sawEvent();
    abort.dispose();
    outer.abort();
    expect(abort.signal.aborted).toBe(false);
  });
});
