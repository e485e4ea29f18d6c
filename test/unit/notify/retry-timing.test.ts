// How long a sink waits: the named backoff of one event's retries, the pause after failed
// rounds, and a 429's Retry-After in both of its forms.
import { describe, expect, it } from "vitest";
import { pauseMs, retryDelayMs } from "../../../reconciler/notify/notifier.js";
import { retryAfterMs } from "../../../reconciler/notify/post-notification.js";

describe("retryDelayMs", () => {
  it("grows as the square of the retry: 1 s, 4 s, 9 s", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 4000, 9000]);
  });
});

describe("pauseMs", () => {
  it("quadruples with each failed round, up to five minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => pauseMs(n, 1000))).toEqual([
      1000, 4000, 16_000, 64_000, 256_000, 300_000, 300_000,
    ]);
  });
});

describe("retryAfterMs", () => {
  const now = new Date("2024-06-12T12:00:00.000Z");
  it("reads seconds and HTTP dates, and nothing else", () => {
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Wed, 12 Jun 2024 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 12 Jun 2024 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
