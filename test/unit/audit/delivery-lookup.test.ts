import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { deliveryLookup } from "../../../reconciler/audit/delivery-lookup.js";
import type { TrackedIssue } from "../../../reconciler/core/tracked-issue.js";

const base = { at: "2024-06-12T12:00:00.000Z", project: "shop" };
const steering = (stack: string, n: number): AuditEvent => ({
  ...base,
  stack,
  id: `s${n}`,
  kind: "steering",
  commentId: n,
  reaction: "confused",
  text: "not applied",
  quiet: true,
});
const detected: AuditEvent = {
  ...base,
  stack: "prod",
  id: "d",
  kind: "drift-detected",
  fingerprint: "f1",
  severity: "high",
  report: "r",
};

/** A tracker whose lookups are counted; `answers` are returned in turn (the last one repeats). */
function countingTracker(answers: Array<TrackedIssue | undefined | Error>) {
  const asked: string[] = [];
  return {
    asked,
    async findOpen(project: string, stack: string) {
      asked.push(`${project}/${stack}`);
      const answer = answers[Math.min(asked.length - 1, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe("deliveryLookup", () => {
  it("looks the issue up once for a run of answers to commands, however many", async () => {
    const tracker = countingTracker([{ number: 7 }]);
    const lookup = deliveryLookup(tracker);
    for (let n = 1; n <= 80; n++) {
      const event = steering("prod", n);
      expect(await lookup.find(event)).toEqual({ number: 7 });
      lookup.settled(event);
    }
    expect(tracker.asked).toEqual(["shop/prod"]);
  });

  it("looks afresh for any other event, and after it for the next answer", async () => {
    const tracker = countingTracker([{ number: 7 }, undefined, { number: 8 }]);
    const lookup = deliveryLookup(tracker);
    expect(await lookup.find(steering("prod", 1))).toEqual({ number: 7 });
    expect(await lookup.find(detected)).toBeUndefined();
    lookup.settled(detected);
    expect(await lookup.find(steering("prod", 2))).toEqual({ number: 8 });
    expect(await lookup.find(steering("prod", 3))).toEqual({ number: 8 });
    expect(tracker.asked).toHaveLength(3);
  });

  it("keeps each stack's issue apart", async () => {
    const tracker = countingTracker([{ number: 1 }, { number: 2 }]);
    const lookup = deliveryLookup(tracker);
    expect(await lookup.find(steering("prod", 1))).toEqual({ number: 1 });
    expect(await lookup.find(steering("dev", 2))).toEqual({ number: 2 });
    expect(await lookup.find(steering("prod", 3))).toEqual({ number: 1 });
    expect(tracker.asked).toEqual(["shop/prod", "shop/dev"]);
  });

  it("asks again after a failed lookup instead of remembering the failure", async () => {
    const tracker = countingTracker([new Error("503"), { number: 7 }]);
    const lookup = deliveryLookup(tracker);
    await expect(lookup.find(steering("prod", 1))).rejects.toThrow("503");
    expect(await lookup.find(steering("prod", 2))).toEqual({ number: 7 });
    expect(tracker.asked).toHaveLength(2);
  });

  it("is one run's: a new lookup asks again", async () => {
    const tracker = countingTracker([{ number: 7 }]);
    await deliveryLookup(tracker).find(steering("prod", 1));
    await deliveryLookup(tracker).find(steering("prod", 2));
    expect(tracker.asked).toHaveLength(2);
  });
});
