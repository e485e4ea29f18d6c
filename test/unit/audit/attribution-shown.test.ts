// Who changed it, where people look: the Markdown report, a late find's comment (on the open
// issue, or on the one the heal closed), and the notification every sink is made from.
import { describe, expect, it } from "vitest";
import { deliverEvent } from "../../../reconciler/audit/deliver-event.js";
import { detectionEvents, lateAttributionEvents } from "../../../reconciler/audit/stage-events.js";
import type { Attribution } from "../../../reconciler/core/attribution.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { renderReportMarkdown } from "../../../reconciler/core/render-markdown.js";
import { notificationOf } from "../../../reconciler/notify/notification.js";
import { slackMessage } from "../../../reconciler/notify/slack-message.js";
import { teamsCard } from "../../../reconciler/notify/teams-card.js";
import { liveMarkup } from "../../support/markdown-inline.js";
import { recordingTracker } from "../../support/recording-tracker.js";
import { testReport } from "../../support/reports.js";

const ctx = { project: "shop", stack: "prod", severityRules: [] };
const hostile = "@acme/admins [x](https://evil.example) <!-- drift-reconciler:stack:shop/dev -->";
const found: Attribution = {
  status: "found",
  source: "cloudtrail",
  changes: [{ principal: hostile, action: "AuthorizeSecurityGroupIngress", at: "2024-06-12T11:50:00.000Z" }],
};
const item = (attribution: Attribution): DriftItem => ({
  urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::alb-sg",
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { fromPort: 22 } }],
  id: "sg-1",
  attribution,
});
const late = [
  {
    urn: item(found).urn,
    name: "alb-sg",
    type: item(found).type,
    attribution: { ...found, foundLater: true },
    firstTriedAt: "2024-06-12T11:00:00.000Z",
  },
];

describe("who changed it in the Markdown report", () => {
  it("lists each looked-up resource under the drift table, untrusted text inert", () => {
    const lines = renderReportMarkdown(testReport({ drift: [item(found)] }));
    const at = lines.indexOf("**Who changed it** (from the cloud's audit log)");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).toMatch(
      /^- `alb-sg`: Changed by `@acme\/admins [^`]*`: `AuthorizeSecurityGroupIngress` at `2024-06-12T11:50:00.000Z`$/,
    );
    expect(liveMarkup(lines.join("\n"))).toEqual([]);
    expect(lines.join("\n")).not.toContain("<!--");
  });

  it("says why when the answer is missing", () => {
    const denied: Attribution = { status: "unavailable", source: "cloudtrail", reason: "CloudTrail denied the lookup" };
    expect(renderReportMarkdown(testReport({ drift: [item(denied)] }))).toContain(
      "- `alb-sg`: who: not available (`CloudTrail denied the lookup`)",
    );
  });
});

describe("an attribution found on a later cycle", () => {
  it("is said once on the open issue", async () => {
    const tracker = recordingTracker();
    const opened = detectionEvents(
      testReport({ drift: [item({ status: "not-found", source: "cloudtrail" })] }),
      { action: "report", guard: "detect-mode", reason: "detect" },
      { heals: [] },
      ctx,
    );
    for (const event of opened) await deliverEvent(tracker, event, ["drift"]);
    const [event] = lateAttributionEvents(late, "2024-06-12T12:15:00.000Z", ctx);
    if (!event) throw new Error("no event");
    await deliverEvent(tracker, event, ["drift"]);
    await deliverEvent(tracker, event, ["drift"]);
    const comments = tracker.issues[0]?.comments ?? [];
    expect(comments.filter((c) => c.startsWith("### Who changed it (found later)"))).toHaveLength(1);
    expect(comments.at(-1)).toMatch(/Changed by `@acme\/admins [^`]*`: .*\(found later\)/);
  });

  it("goes to the issue the heal closed when no episode is open", async () => {
    const tracker = recordingTracker();
    const issue = await tracker.create(
      "shop",
      "prod",
      "Drift detected: shop/prod",
      "body\n\n<!-- drift-reconciler:stack:shop/prod -->",
      ["drift"],
    );
    await tracker.close(issue);
    const [event] = lateAttributionEvents(late, "2024-06-12T12:15:00.000Z", ctx);
    if (!event) throw new Error("no event");
    await deliverEvent(tracker, event, ["drift"], { reopenWithinMs: 86_400_000 });
    expect(tracker.issues[0]?.state).toBe("closed");
    expect(tracker.issues[0]?.comments.some((c) => c.includes("(found later)"))).toBe(true);
  });

  it("is a drift-attributed notification, and chat shows who changed each drifted property as plain text", () => {
    const [event] = lateAttributionEvents(late, "2024-06-12T12:15:00.000Z", ctx);
    if (!event) throw new Error("no event");
    expect(notificationOf(event).kind).toBe("drift-attributed");
    const [detected] = detectionEvents(
      testReport({ drift: [item(found)] }),
      { action: "heal", reason: "heal" },
      { heals: [] },
      ctx,
    );
    if (!detected) throw new Error("no event");
    const n = notificationOf(detected);
    expect(n.drifted?.[0]?.changedBy).toBe(
      `${hostile.replace("<!--", "<!\u2010\u2010")}: AuthorizeSecurityGroupIngress at 2024-06-12T11:50:00.000Z`,
    );
    const slack = JSON.stringify(slackMessage(n));
    expect(slack).toContain(
      "changed by `@acme/admins [x](https://evil.example) &lt;!‐‐ drift-reconciler:stack:shop/dev --&gt;",
    );
    expect(JSON.stringify(teamsCard(n))).toContain("changed by @acme/admins \\\\[x\\\\]");
  });
});
