// The drift-episode lifecycle over an in-memory tracker that records each call: one issue
// per episode, comments only on real change, labels, closing, and no effect when an event
// is delivered twice.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { deliverEvent, flappingLabel, needsAttentionLabel } from "../../../reconciler/audit/deliver-event.js";
import { recordingTracker } from "../../support/recording-tracker.js";

const base = { at: "2024-06-12T12:00:00.000Z", project: "shop", stack: "prod" };
const labels = ["drift"];
const detected = (
  fingerprint: string,
  extra: Partial<Extract<AuditEvent, { kind: "drift-detected" }>> = {},
): AuditEvent => ({
  ...base,
  id: `detected-${fingerprint}`,
  kind: "drift-detected",
  fingerprint,
  severity: "high",
  report: `report ${fingerprint}`,
  ...extra,
});
const healed: AuditEvent = {
  ...base,
  id: "healed-1",
  kind: "healed",
  fingerprint: "f1",
  attempt: "a1",
  summary: "Healed and verified",
};
const notDone: AuditEvent = {
  ...base,
  id: "nd-1",
  kind: "heal-not-done",
  fingerprint: "f1",
  attempt: "a1",
  reason: "Heal failed: x",
  why: "heal-failed",
};
const resolved: AuditEvent = { ...base, id: "resolved-1", kind: "drift-resolved", summary: "No drift" };

describe("deliverEvent", () => {
  it("opens one issue for new drift, labelled with the stack and severity", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    expect(tracker.calls).toEqual(["create #1"]);
    expect(tracker.issues[0]?.labels).toEqual(["drift", "stack:prod", "severity:high"]);
  });

  it("changes nothing when the same drift is seen again", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, detected("f1"), labels);
    expect(tracker.calls).toEqual(["create #1"]);
  });

  it("comments, rewrites the body and relabels when the drift changes, once however often it is delivered", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, detected("f2"), labels);
    await deliverEvent(tracker, detected("f2"), labels);
    expect(tracker.calls).toEqual(["create #1", "comment #1", "update-body #1", "label #1 severity:high"]);
    expect(tracker.issues[0]?.body).toContain("report f2");
  });

  it("opens a blocked episode with the needs-attention label and one comment saying why", async () => {
    const tracker = recordingTracker();
    const blocked = detected("f1", { attention: { why: "detect-mode", reason: "Not healed: detect mode" } });
    await deliverEvent(tracker, blocked, labels);
    await deliverEvent(tracker, blocked, labels);
    expect(tracker.issues[0]?.labels).toContain(needsAttentionLabel);
    expect(tracker.issues[0]?.comments).toHaveLength(1);
  });

  it("closes the issue when the heal is verified, and comments once", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, healed, labels);
    expect(tracker.calls).toEqual(["create #1", "comment #1", "close #1"]);
    expect(tracker.issues[0]?.state).toBe("closed");
  });

  it("keeps the issue open with needs-attention when the heal failed", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, notDone, labels);
    await deliverEvent(tracker, notDone, labels);
    expect(tracker.issues[0]).toMatchObject({
      state: "open",
      labels: expect.arrayContaining([needsAttentionLabel]) as unknown,
    });
    expect(tracker.issues[0]?.comments).toHaveLength(1);
  });

  it("closes an episode whose drift went away by hand, and ignores a resolution with no episode open", async () => {
    const tracker = recordingTracker();
    expect(await deliverEvent(tracker, resolved, labels)).toBeUndefined();
    expect(tracker.calls).toEqual([]);
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, resolved, labels);
    expect(tracker.calls).toEqual(["create #1", "comment #1", "close #1"]);
  });

  it("opens a new issue for drift that returns after an episode closed, when reopening is off", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, healed, labels);
    await deliverEvent(tracker, detected("f1", { id: "again" }), labels);
    expect(tracker.issues.map((i) => i.state)).toEqual(["closed", "open"]);
  });

  it("reopens the episode's issue for drift that returns within the window, with a comment and a new start", async () => {
    const tracker = recordingTracker();
    const window = { reopenWithinMs: 24 * 3_600_000 };
    await deliverEvent(tracker, detected("f1"), labels, window);
    await deliverEvent(tracker, healed, labels, window);
    const back = detected("f1", { id: "back", at: "2024-06-12T13:00:00.000Z" });
    const issue = await deliverEvent(tracker, back, labels, window);
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.calls.slice(-4)).toEqual(["reopen #1", "comment #1", "update-body #1", "label #1 severity:high"]);
    expect(issue).toMatchObject({ number: 1, since: "2024-06-12T13:00:00.000Z" });
    expect((await tracker.findOpen("shop", "prod"))?.since).toBe("2024-06-12T13:00:00.000Z");
  });

  it("labels a flapping episode and says so once", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    const flapping: AuditEvent = {
      ...base,
      id: "flap-1",
      kind: "drift-flapping",
      fingerprint: "f1",
      reason: "healed 3 times",
    };
    await deliverEvent(tracker, flapping, labels);
    await deliverEvent(tracker, flapping, labels);
    expect(tracker.issues[0]?.labels).toEqual(expect.arrayContaining([flappingLabel, needsAttentionLabel]));
    expect(tracker.issues[0]?.comments).toHaveLength(1);
  });

  it("opens an issue for a stuck stack when none is open, with needs-attention", async () => {
    const tracker = recordingTracker();
    const stuck: AuditEvent = { ...base, id: "stuck-1", kind: "stack-stuck", reason: "locked for 2h" };
    await deliverEvent(tracker, stuck, labels);
    await deliverEvent(tracker, stuck, labels);
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0]).toMatchObject({
      title: "Stack stuck: shop/prod",
      labels: expect.arrayContaining([needsAttentionLabel]) as unknown,
    });
  });
});
