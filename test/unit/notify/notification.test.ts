// What a sink is told, built from the same audit events the tracker gets: the webhook document
// (the committed JSON Schema is generated and current, and real payloads validate against it),
// the Slack Block Kit message and the Teams Adaptive Card (checked against their documented
// structure), and values from the cloud that stay inert in each.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import {
  detectionEvents,
  healInterruptedEvent,
  healResultEvent,
  healStartedEvent,
} from "../../../reconciler/audit/stage-events.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import type { Decision } from "../../../reconciler/core/decision.js";
import {
  notificationOf,
  webhookPayloadJsonSchema,
  type Notification,
} from "../../../reconciler/notify/notification.js";
import { slackMessage } from "../../../reconciler/notify/slack-message.js";
import { teamsCard } from "../../../reconciler/notify/teams-card.js";
import { slackMessageProblems, teamsMessageProblems } from "../../support/chat-structures.js";
import { testOutcome, testReport } from "../../support/reports.js";

const sgUrn = "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::prod-alb-sg";
const ssh: DriftItem = {
  urn: sgUrn,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] } }],
};
const ctx = { project: "shop", stack: "prod", severityRules: defaultSeverityRules, runUrl: "https://ci.example/run/7" };
const drifted = testReport({ drift: [ssh], plan: [{ urn: sgUrn, type: ssh.type, op: "update" }] });
const heal: Extract<Decision, { action: "heal" }> = { action: "heal", reason: "heal 1 drifted resource" };
const noHistory = { heals: [] };
const openEpisode = { heals: [], episodeSince: "2024-06-12T11:00:00.000Z" };

/** One of every kind of audit event, from the stage functions the trail uses. */
function everyEvent(): AuditEvent[] {
  const started = healStartedEvent(drifted, heal, ctx);
  const at = "2024-06-12T12:01:00.000Z";
  const lock = { url: "file:///l", user: "ops", host: "h", pid: 1, since: "2024-06-12T10:00:00.000Z" };
  return [
    ...detectionEvents(drifted, heal, noHistory, ctx),
    ...detectionEvents(drifted, { action: "report", guard: "flapping", reason: "healed 3 times" }, openEpisode, ctx),
    started,
    healResultEvent(
      testOutcome({ report: drifted, outcome: "healed", heal: { durationMs: 1, changes: { update: 1 } } }),
      started,
      at,
    ),
    healResultEvent(
      testOutcome({
        report: drifted,
        outcome: "heal-failed",
        heal: { durationMs: 1, changes: {}, failure: "error", error: "boom" },
      }),
      started,
      at,
    ),
    healInterruptedEvent(started, at),
    ...detectionEvents(testReport(), { action: "none", reason: "in sync" }, openEpisode, ctx),
    ...detectionEvents(
      testReport({ status: "stuck", error: "locked", lock }),
      { action: "none", reason: "" },
      noHistory,
      ctx,
    ),
  ];
}

const notifications = () =>
  everyEvent().map((e) =>
    notificationOf(e, { severity: "critical", issueUrl: "https://github.example/acme/infra/issues/1" }),
  );

describe("the webhook document's JSON Schema", () => {
  it("equals the committed schema/webhook-event.schema.json", () => {
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../../../schema/webhook-event.schema.json", import.meta.url), "utf8"),
    );
    expect(committed, "schema/webhook-event.schema.json is stale: run `npm run schema` and commit it").toEqual(
      webhookPayloadJsonSchema(),
    );
  });

  it("accepts the document for every kind of event, and rejects one with a field missing", () => {
    const validate = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(new URL("../../../schema/webhook-event.schema.json", import.meta.url), "utf8")) as object,
    );
    const documents = notifications().map((n) => ({ ...n, sentAt: "2024-06-12T12:02:00.000Z" }));
    expect(new Set(documents.map((d) => d.kind))).toEqual(
      new Set([
        "drift-detected",
        "drift-flapping",
        "heal-blocked",
        "heal-started",
        "healed",
        "heal-failed",
        "drift-resolved",
        "stack-stuck",
      ]),
    );
    for (const document of documents) {
      expect(validate(JSON.parse(JSON.stringify(document))), JSON.stringify(validate.errors)).toBe(true);
    }
    const withoutStack: Record<string, unknown> = { ...documents[0]! };
    delete withoutStack["stack"];
    expect(validate(withoutStack)).toBe(false);
  });
});

describe("notificationOf", () => {
  it("tells a new drift with the stack, severity, what drifted, the decision and both links", () => {
    const [event] = detectionEvents(drifted, heal, noHistory, ctx);
    const n = notificationOf(event!, { issueUrl: "https://github.example/acme/infra/issues/1" });
    expect(n).toMatchObject({
      kind: "drift-detected",
      project: "shop",
      stack: "prod",
      severity: "critical",
      title: "Drift detected: shop/prod",
      decision: { action: "heal", reason: "heal 1 drifted resource" },
      drifted: [{ resource: "prod-alb-sg", path: "ingress[1]", change: "modified" }],
      driftedCount: 1,
      links: { issue: "https://github.example/acme/infra/issues/1", run: "https://ci.example/run/7" },
    });
    expect(n.drifted?.[0]?.cloud).toContain('"fromPort":22');
  });

  it("calls drift in an open episode changed, and detect mode's report drift, not a blocked heal", () => {
    const detect: Decision = { action: "report", guard: "detect-mode", reason: "detect mode" };
    const [changed] = detectionEvents(drifted, detect, openEpisode, ctx);
    expect(notificationOf(changed!).kind).toBe("drift-changed");
    const [held] = detectionEvents(
      drifted,
      { action: "report", guard: "max-deletes", reason: "2 deletes" },
      noHistory,
      ctx,
    );
    expect(notificationOf(held!)).toMatchObject({
      kind: "heal-blocked",
      decision: { action: "report", guard: "max-deletes", reason: "2 deletes" },
    });
  });

  it("gives the heal's events the severity of the drift they heal, and a resolved drift the one last seen", () => {
    const started = healStartedEvent(drifted, heal, ctx);
    expect(notificationOf(started).severity).toBe("critical");
    const [resolved] = detectionEvents(testReport(), { action: "none", reason: "" }, openEpisode, ctx);
    expect(notificationOf(resolved!).severity).toBeUndefined();
    expect(notificationOf(resolved!, { severity: "high" }).severity).toBe("high");
  });
});

describe("the chat messages", () => {
  it.each(notifications().map((n) => [n.kind, n] as const))(
    "for %s follow Block Kit and the Adaptive Card schema",
    (_kind, n) => {
      expect(slackMessageProblems(slackMessage(n))).toEqual([]);
      expect(teamsMessageProblems(teamsCard(n))).toEqual([]);
    },
  );

  it("show the stack, severity, drifted property, decision and links in both", () => {
    const n = notifications()[0]!;
    const slack = JSON.stringify(slackMessage(n));
    const teams = JSON.stringify(teamsCard(n));
    for (const text of [slack, teams]) {
      for (const expected of [
        "shop/prod",
        "critical",
        "prod-alb-sg",
        "ingress[1]",
        "heal",
        "issues/1",
        "ci.example/run/7",
      ]) {
        expect(text.replace(/\\\\/g, "")).toContain(expected);
      }
    }
  });

  it("keep a hostile value inert: no Slack mention or link, no Teams link, within the limits", () => {
    const hostile: Notification = {
      ...notifications()[0]!,
      drifted: [
        {
          resource: "sg",
          type: "t",
          change: "modified",
          path: "tags.Note",
          cloud: "<!channel> <https://evil.example|click> [click](https://evil.example) ` end".repeat(80),
          deployed: "(absent)",
        },
      ],
    };
    const slack = slackMessage(hostile);
    expect(slackMessageProblems(slack)).toEqual([]);
    const slackText = JSON.stringify(slack);
    expect(slackText).not.toContain("<!channel>");
    expect(slackText).not.toContain("<https://evil");
    const teams = teamsCard(hostile);
    expect(teamsMessageProblems(teams)).toEqual([]);
    expect(JSON.stringify(teams)).not.toContain("[click](https://evil.example)");
  });

  it("are caught by the validators when they break the documented structure", () => {
    const n = notifications()[0]!;
    const slack = slackMessage(n);
    expect(
      slackMessageProblems({ ...slack, blocks: [{ type: "header", text: { type: "mrkdwn", text: "x".repeat(151) } }] }),
    ).toEqual(["blocks[0].text.type: must be plain_text", "blocks[0].text.text: 151 characters, at most 150"]);
    const teams = teamsCard(n);
    expect(
      teamsMessageProblems({ ...teams, attachments: [{ ...teams.attachments[0], contentType: "text/plain" }] }),
    ).toEqual(["attachments[0].contentType: must be application/vnd.microsoft.card.adaptive"]);
  });
});
