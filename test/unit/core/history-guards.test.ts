// The guards that read the stack's history: the flapping breaker and the grace period.
import { describe, expect, it } from "vitest";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { driftFingerprint } from "../../../reconciler/core/fingerprint.js";
import { decide } from "../../../reconciler/core/policy.js";
import { testPolicy } from "../../support/policies.js";
import { testReport } from "../../support/reports.js";

const NOW = new Date("2024-06-12T12:00:00Z");
const ssh: DriftItem = {
  urn: "urn:sg",
  type: "t:sg",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: 22 }],
};
const other: DriftItem = { ...ssh, properties: [{ path: "tags.Owner", cloud: "eve" }] };
const report = testReport({ drift: [ssh], plan: [{ urn: "urn:sg", type: "t:sg", op: "update" }] });
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const healsOf = (item: DriftItem, ...hours: number[]) =>
  hours.map((h) => ({ fingerprint: driftFingerprint([item]), at: hoursAgo(h) }));

const policy = testPolicy;

describe("the flapping breaker", () => {
  it("stops healing the same drift once it was healed maxHeals times within the window, listing when", () => {
    const decision = decide(report, policy(), NOW, { heals: healsOf(ssh, 20, 10, 1) });
    expect(decision).toMatchObject({ action: "report", guard: "flapping" });
    expect(decision.reason).toContain(`healed 3 times within 24h (policy.flapping: at most 3), at ${hoursAgo(20)}`);
  });

  it("heals again when fewer heals fall inside the window", () => {
    expect(decide(report, policy(), NOW, { heals: healsOf(ssh, 30, 10, 1) }).action).toBe("heal");
  });

  it("heals a different drift even right after the breaker tripped on another", () => {
    const changed = testReport({ drift: [other], plan: report.plan });
    expect(decide(changed, policy(), NOW, { heals: healsOf(ssh, 3, 2, 1) }).action).toBe("heal");
  });
});

describe("the grace period", () => {
  it("reports the first sighting and says when the heal will happen", () => {
    const decision = decide(report, policy({ healAfter: "2h" }), NOW, { heals: [] });
    expect(decision).toMatchObject({ action: "report", guard: "grace-period" });
    expect(decision.reason).toContain(`until ${new Date(NOW.getTime() + 2 * 3_600_000).toISOString()} (in 2h)`);
  });

  it("heals once the drift has been seen for healAfter since its episode opened", () => {
    expect(decide(report, policy({ healAfter: "2h" }), NOW, { episodeSince: hoursAgo(3), heals: [] }).action).toBe(
      "heal",
    );
    expect(decide(report, policy({ healAfter: "2h" }), NOW, { episodeSince: hoursAgo(1), heals: [] }).action).toBe(
      "report",
    );
  });

  it("heals at once by default", () => {
    expect(decide(report, policy(), NOW, { heals: [] }).action).toBe("heal");
  });
});
