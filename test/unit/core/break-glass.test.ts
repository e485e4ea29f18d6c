import { describe, expect, it } from "vitest";
import type { Attribution } from "../../../reconciler/core/attribution.js";
import { decide } from "../../../reconciler/core/policy.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { testPolicy } from "../../support/policies.js";
import { testReport } from "../../support/reports.js";

const breakGlass = { principals: ["arn:aws:iam::*:role/BreakGlass"], holdFor: "4h" };

function changedBy(principal: string, at: string, sessionIssuer?: string): Attribution {
  return {
    status: "found",
    source: "cloudtrail",
    changes: [{ principal, action: "AuthorizeSecurityGroupIngress", at, ...(sessionIssuer ? { sessionIssuer } : {}) }],
  };
}

function driftedBy(attribution?: Attribution): DriftItem {
  return {
    urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::alb-sg",
    type: "aws:ec2/securityGroup:SecurityGroup",
    name: "alb-sg",
    kind: "modified",
    properties: [{ path: "ingress[1]", cloud: { fromPort: 22 } }],
    ...(attribution ? { attribution } : {}),
  };
}

const report = (attribution?: Attribution) =>
  testReport({
    drift: [driftedBy(attribution)],
    plan: [{ urn: driftedBy().urn, type: driftedBy().type, op: "update" }],
    resourceCount: 5,
  });
const now = new Date("2026-03-10T12:00:00.000Z");
const role = "arn:aws:iam::123456789012:role/BreakGlass";
const session = "arn:aws:sts::123456789012:assumed-role/BreakGlass/oncall-jo";

describe("the break-glass rule", () => {
  it("holds the heal of drift a listed role made, needing attention, until holdFor after the change", () => {
    const decision = decide(
      report(changedBy(session, "2026-03-10T10:30:00.000Z", role)),
      testPolicy({ breakGlass }),
      now,
    );
    expect(decision).toMatchObject({
      action: "report",
      guard: "break-glass",
      heldBy: session,
      heldUntil: "2026-03-10T14:30:00.000Z",
    });
    expect(decision.reason).toContain("not reverting an incident fix until 2026-03-10T14:30:00.000Z");
  });

  it("heals once holdFor has passed since the change", () => {
    const decision = decide(
      report(changedBy(session, "2026-03-10T07:59:59.000Z", role)),
      testPolicy({ breakGlass }),
      now,
    );
    expect(decision.action).toBe("heal");
  });

  it("heals drift made by anyone else, or drift nobody could attribute", () => {
    const other = changedBy("arn:aws:iam::123456789012:user/alice", "2026-03-10T11:00:00.000Z");
    expect(decide(report(other), testPolicy({ breakGlass }), now).action).toBe("heal");
    const unknown: Attribution = { status: "not-found", source: "cloudtrail", reason: "not yet" };
    expect(decide(report(unknown), testPolicy({ breakGlass }), now).action).toBe("heal");
  });

  it("does nothing without policy.breakGlass", () => {
    expect(decide(report(changedBy(role, "2026-03-10T11:00:00.000Z")), testPolicy(), now).action).toBe("heal");
  });
});
