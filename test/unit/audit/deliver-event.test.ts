// The drift-episode lifecycle over an in-memory tracker that records each call: one issue
// per episode, comments only on real change, labels, closing, and no effect when an event
// is delivered twice.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { deliverEvent, needsAttentionLabel } from "../../../reconciler/audit/deliver-event.js";
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
  summary: "Healed and verified",
};
const notDone: AuditEvent = {
  ...base,
  id: "nd-1",
  kind: "heal-not-done",
  fingerprint: "f1",
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

  it("opens a new issue for drift that returns after an episode closed", async () => {
    const tracker = recordingTracker();
    await deliverEvent(tracker, detected("f1"), labels);
    await deliverEvent(tracker, healed, labels);
    await deliverEvent(tracker, detected("f1"), labels);
    expect(tracker.issues.map((i) => i.state)).toEqual(["closed", "open"]);
  });
});
