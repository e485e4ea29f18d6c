// judgeHeal: whether a heal kept its promise, from the detection before and after it.
import { describe, expect, it } from "vitest";
import type { DriftItem, PendingItem } from "../../../reconciler/core/drift-report.js";
import { deployedPending, judgeHeal } from "../../../reconciler/core/judge-heal.js";
import type { Decision } from "../../../reconciler/core/decision.js";
import { testReport } from "../../support/reports.js";

const sg: DriftItem = { urn: "urn:sg", type: "t:sg", name: "web-sg", kind: "modified", properties: [] };
const tg: DriftItem = { urn: "urn:tg", type: "t:tg", name: "app-tg", kind: "deleted", properties: [] };
const port: PendingItem = {
  urn: "urn:tg",
  type: "t:tg",
  name: "app-tg",
  op: "replace",
  properties: [{ path: "port", deployed: 8080, code: 9090 }],
};
const bucket: PendingItem = { urn: "urn:b", type: "t:b", name: "logs", op: "create", properties: [] };
type Heal = Extract<Decision, { action: "heal" }>;
const full: Heal = { action: "heal", reason: "r" };
const targeted: Heal = { action: "heal", reason: "r", targets: ["urn:sg"] };

describe("judgeHeal", () => {
  it("calls a heal healed when no drift is left", () => {
    expect(judgeHeal(testReport({ drift: [sg] }), full, testReport())).toEqual({ outcome: "healed" });
  });

  it("calls it unverified when drift is left, naming the resources", () => {
    expect(judgeHeal(testReport({ drift: [sg] }), full, testReport({ drift: [sg] }))).toEqual({
      outcome: "heal-unverified",
      note: "drift remains on web-sg",
    });
  });

  it("calls it unverified when the verification could not run", () => {
    const after = testReport({ status: "busy", error: "locked" });
    expect(judgeHeal(testReport({ drift: [sg] }), full, after)).toMatchObject({
      outcome: "heal-unverified",
      note: /locked/,
    });
  });

  it("accepts an excluding heal that left every pending change pending", () => {
    const before = testReport({ drift: [sg], pending: [port, bucket] });
    expect(judgeHeal(before, targeted, testReport({ pending: [port, bucket] }))).toEqual({ outcome: "healed" });
  });

  it("catches an excluding heal after which a pending change is no longer pending", () => {
    const before = testReport({ drift: [sg], pending: [port, bucket] });
    const verdict = judgeHeal(before, targeted, testReport({ pending: [bucket] }));
    expect(verdict.outcome).toBe("heal-unverified");
    expect(verdict.note).toMatch(/deployed pending code changes to app-tg/);
  });

  it("reports, not heals, when resources with drift and a pending change were left alone", () => {
    const decision: Heal = {
      ...targeted,
      overlap: [{ urn: "urn:tg", name: "app-tg", type: "t:tg", drift: "deleted", pendingPaths: ["port"] }],
    };
    const verdict = judgeHeal(
      testReport({ drift: [sg, tg], pending: [port] }),
      decision,
      testReport({ drift: [tg], pending: [port] }),
    );
    expect(verdict).toEqual({
      outcome: "reported",
      note: expect.stringMatching(/left app-tg \(deleted; the code changes port\) alone/) as unknown,
    });
  });
});

describe("deployedPending", () => {
  it("sees a property whose deployed value moved as deployed, but not one whose code value moved", () => {
    const codeMoved: PendingItem = { ...port, properties: [{ path: "port", deployed: 8080, code: 9191 }] };
    const deployedMoved: PendingItem = { ...port, properties: [{ path: "port", deployed: 9090, code: 9191 }] };
    expect(deployedPending([port], [codeMoved])).toEqual([]);
    expect(deployedPending([port], [deployedMoved])).toEqual([port]);
  });
});
