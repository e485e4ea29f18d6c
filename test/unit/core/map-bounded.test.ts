// mapBounded: at most `limit` pieces of work in flight, results in input order whatever order the
// work finishes in, and a failure rejects the whole map.
import { describe, expect, it } from "vitest";
import { mapBounded } from "../../../reconciler/core/map-bounded.js";

interface Gate<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function gate<T>(): Gate<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Work that waits for the test to release each item; records which items started. */
function controlledWork(count: number) {
  const gates = Array.from({ length: count }, () => gate<string>());
  const started: number[] = [];
  const work = (item: number) => {
    started.push(item);
    return gates[item]?.promise ?? Promise.reject(new Error(`no gate for ${item}`));
  };
  const release = (item: number) => gates[item]?.resolve(`result ${item}`);
  const fail = (item: number, reason: Error) => gates[item]?.reject(reason);
  return { work, started, release, fail };
}

describe("mapBounded", () => {
  it("starts no more than limit items, and the next one only when one finishes", async () => {
    const { work, started, release } = controlledWork(5);
    const done = mapBounded([0, 1, 2, 3, 4], 2, work);
    await settle();
    expect(started).toEqual([0, 1]);
    release(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    release(0);
    release(2);
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    release(3);
    release(4);
    await expect(done).resolves.toHaveLength(5);
  });

  it("returns results in input order although they finish in another order", async () => {
    const { work, release } = controlledWork(4);
    const done = mapBounded([0, 1, 2, 3], 4, work);
    await settle();
    for (const item of [3, 1, 0, 2]) release(item);
    await expect(done).resolves.toEqual(["result 0", "result 1", "result 2", "result 3"]);
  });

  it("never has more than limit in flight over many items of uneven length", async () => {
    let inFlight = 0;
    let most = 0;
    const delays = [5, 1, 3, 0, 4, 2, 0, 1, 6, 2, 0, 3];
    const results = await mapBounded(delays, 3, async (delay, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delay));
      inFlight--;
      return index;
    });
    expect(most).toBe(3);
    expect(results).toEqual(delays.map((_, index) => index));
  });

  it("passes each item with its index", async () => {
    await expect(mapBounded(["a", "b"], 1, async (item, index) => `${index}:${item}`)).resolves.toEqual(["0:a", "1:b"]);
  });

  it("rejects with the error of the item that failed", async () => {
    const { work, release, fail } = controlledWork(3);
    const done = mapBounded([0, 1, 2], 2, work);
    const boom = new Error("stack 1 failed");
    await settle();
    release(0);
    fail(1, boom);
    await expect(done).rejects.toBe(boom);
  });

  it("still runs the work one at a time when the limit is below one", async () => {
    const { work, started, release } = controlledWork(2);
    const done = mapBounded([0, 1], 0, work);
    await settle();
    expect(started).toEqual([0]);
    release(0);
    await settle();
    release(1);
    await expect(done).resolves.toEqual(["result 0", "result 1"]);
  });

  it("resolves to an empty list for no items without calling the work", async () => {
    const { work, started } = controlledWork(0);
    await expect(mapBounded([], 2, work)).resolves.toEqual([]);
    expect(started).toEqual([]);
  });
});
