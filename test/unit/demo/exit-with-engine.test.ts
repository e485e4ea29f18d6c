// The fixture plugin exits once its engine is gone (its parent is no longer the engine), and not before.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exitWithEngine } from "../../../reconciler/demo/fixture-provider/exit-with-engine.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("exitWithEngine", () => {
  it("exits within one interval of its parent changing, and not while the engine is its parent", async () => {
    let parent = 4242;
    const exit = vi.fn();
    const stop = exitWithEngine({ enginePid: 4242, parentPid: () => parent, exit, everyMs: 500 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(exit).not.toHaveBeenCalled();
    parent = 1;
    await vi.advanceTimersByTimeAsync(500);
    expect(exit).toHaveBeenCalled();
    stop();
  });

  it("exits at once when its engine died before the plugin got to run", () => {
    const exit = vi.fn();
    const stop = exitWithEngine({ enginePid: 4242, parentPid: () => 1, exit });
    expect(exit).toHaveBeenCalledTimes(1);
    stop();
  });
});
