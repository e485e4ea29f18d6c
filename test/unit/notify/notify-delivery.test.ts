// Notification sinks over real sockets: local HTTP receivers take what the reconciler sends
// while a stack's reconcile is told to the audit trail stage by stage. Signatures are checked
// by a receiver written here, independently of the product's code; filters, an outage and its
// recovery (nothing lost, nothing twice), 429 with Retry-After, a refused event, one sink down
// while another works, and a sink's own position across runs.
import { createHmac, timingSafeEqual } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import type { StackOutcome } from "../../../reconciler/core/stack-outcome.js";
import { createNotifyingAuditTrail } from "../../../reconciler/notify/notifying-audit-trail.js";
import { slackMessageProblems, teamsMessageProblems } from "../../support/chat-structures.js";
import { testOutcome, testReport } from "../../support/reports.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver.js";
import { tellStages } from "../../support/told-stages.js";

const secret = "whsec-test-signing-secret-0123";
let dir: string;
let receivers: WebhookReceiver[] = [];
let warnings: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "notify-"));
  warnings = [];
});
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  rmSync(dir, { recursive: true, force: true });
});

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver();
  receivers.push(r);
  return r;
}

/** The receiver's own check: HMAC-SHA256 of the raw body, compared in constant time. */
function signatureValid(body: string, header: unknown, key: string): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", key).update(Buffer.from(body, "utf8")).digest();
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const sgUrn = "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::prod-alb-sg";
const ssh: DriftItem = {
  urn: sgUrn,
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "prod-alb-sg",
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] } }],
};
const tagOnly: DriftItem = { ...ssh, properties: [{ path: "tags.Owner", cloud: "bob", deployed: "alice" }] };

/** A drift healed and verified: drift detected, heal started, healed. */
function healedOutcome(item: DriftItem = ssh, startedAt = "2024-06-12T12:00:00.000Z"): StackOutcome {
  const report = testReport({ drift: [item], plan: [{ urn: sgUrn, type: item.type, op: "update" }], startedAt });
  return testOutcome({
    report,
    outcome: "healed",
    decision: { action: "heal", reason: "heal 1 drifted resource" },
    heal: { durationMs: 5, changes: { update: 1 } },
  });
}

function config(notify: string) {
  const text =
    "audit:\n  dir: ./audit\n" +
    "stacks:\n  - name: prod\n    project: shop\n    program: p.ts#program\n    backend: s3://state\n" +
    `notify:\n${notify}`;
  return parseConfig(text, join(dir, "reconciler.yaml"), {});
}

const fast = { retries: 2, retryBaseMs: 5, settleBudgetMs: 3000, requestTimeoutMs: 2000 };

function trailFor(notify: string, env: Record<string, string>, notifyOpts = {}) {
  return createNotifyingAuditTrail(config(notify), {
    env,
    warn: (m) => warnings.push(m),
    notify: { ...fast, ...notifyOpts },
  });
}

const kindsOf = (r: WebhookReceiver) => r.requests.map((q) => q.headers["x-drift-reconciler-event"]);
const idsOf = (r: WebhookReceiver) => r.requests.map((q) => q.headers["x-drift-reconciler-delivery"]);

describe("a webhook sink", () => {
  it("POSTs one signed JSON document per event, valid against the published schema, with delivery id and timestamp", async () => {
    const hook = await receiver();
    const trail = trailFor(`  - { kind: webhook, url: "${hook.url}", secretEnv: HOOK_SECRET }\n`, {
      HOOK_SECRET: secret,
    });
    const result = await tellStages(trail, healedOutcome());
    expect(result.notifications).toEqual([{ sink: "webhook", delivered: 3, deadLettered: 0, queued: 0 }]);
    expect(kindsOf(hook)).toEqual(["drift-detected", "heal-started", "healed"]);
    const schema: object = JSON.parse(
      readFileSync(new URL("../../../schema/webhook-event.schema.json", import.meta.url), "utf8"),
    ) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const request of hook.requests) {
      expect(signatureValid(request.body, request.headers["x-drift-reconciler-signature-256"], secret)).toBe(true);
      expect(signatureValid(request.body, request.headers["x-drift-reconciler-signature-256"], "another secret")).toBe(
        false,
      );
      const document = JSON.parse(request.body) as { id: string; sentAt: string };
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      expect(request.headers["x-drift-reconciler-delivery"]).toBe(document.id);
      expect(Number(request.headers["x-drift-reconciler-timestamp"])).toBe(
        Math.floor(Date.parse(document.sentAt) / 1000),
      );
      expect(request.headers["content-type"]).toMatch(/^application\/json/);
    }
    // A body changed on the way no longer matches its signature.
    const first = hook.requests[0]!;
    const tampered = first.body.replace('"critical"', '"low"');
    expect(signatureValid(tampered, first.headers["x-drift-reconciler-signature-256"], secret)).toBe(false);
  });

  it("sends only the events and severities it is configured for", async () => {
    const healedOnly = await receiver();
    const criticalOnly = await receiver();
    const trail = trailFor(
      `  - { kind: webhook, name: healed-only, url: "${healedOnly.url}", secretEnv: S, events: [healed] }\n` +
        `  - { kind: webhook, name: critical-only, url: "${criticalOnly.url}", secretEnv: S, minSeverity: critical }\n`,
      { S: secret },
    );
    await tellStages(trail, healedOutcome(tagOnly));
    expect(kindsOf(healedOnly)).toEqual(["healed"]);
    // A tag drift is low: not one of its events reaches the critical-only sink.
    expect(kindsOf(criticalOnly)).toEqual([]);
    await tellStages(trail, healedOutcome(ssh, "2024-06-12T13:00:00.000Z"));
    expect(kindsOf(criticalOnly)).toEqual(["drift-detected", "heal-started", "healed"]);
  });

  it("keeps the events through an outage and delivers each once, in order, when the receiver is back", async () => {
    const hook = await receiver();
    let down = true;
    hook.answer = (n) => (down ? (n % 2 === 0 ? { status: 503 } : "drop") : { status: 200 });
    const notify = `  - { kind: webhook, url: "${hook.url}", secretEnv: S }\n`;
    const first = await tellStages(trailFor(notify, { S: secret }), healedOutcome());
    expect(first.notifications).toEqual([
      {
        sink: "webhook",
        delivered: 0,
        deadLettered: 0,
        queued: 3,
        error: expect.stringMatching(/HTTP 503|connection/) as unknown,
      },
    ]);
    expect(hook.requests.length).toBeGreaterThanOrEqual(3);
    // The audit trail itself went on: the local trail has every event.
    expect(readFileSync(join(dir, "audit", "audit.md"), "utf8")).toContain("Healed");
    const refused = hook.requests.length;

    down = false;
    const second = await tellStages(trailFor(notify, { S: secret }), healedOutcome(ssh, "2024-06-12T14:00:00.000Z"));
    expect(second.notifications).toEqual([{ sink: "webhook", delivered: 6, deadLettered: 0, queued: 0 }]);
    const accepted = hook.requests.slice(refused);
    const ids = accepted.map((q) => q.headers["x-drift-reconciler-delivery"]);
    expect(new Set(ids).size).toBe(6);
    expect(accepted.map((q) => q.headers["x-drift-reconciler-event"])).toEqual([
      "drift-detected",
      "heal-started",
      "healed",
      "drift-detected",
      "heal-started",
      "healed",
    ]);
    // A third run sends nothing again.
    const third = await trailFor(notify, { S: secret }).settle();
    expect(third.notifications?.[0]).toMatchObject({ delivered: 0, queued: 0 });
    expect(hook.requests.length).toBe(refused + 6);
  });

  it("waits as long as a 429's Retry-After says before sending again", async () => {
    const hook = await receiver();
    hook.answer = (n) => (n === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 });
    const result = await tellStages(
      trailFor(`  - { kind: webhook, url: "${hook.url}", secretEnv: S, events: [drift-detected] }\n`, { S: secret }),
      healedOutcome(),
    );
    expect(result.notifications?.[0]).toMatchObject({ delivered: 1, queued: 0 });
    expect(idsOf(hook)[0]).toBe(idsOf(hook)[1]);
    // The retry came after the second the receiver asked for, not after the 5 ms backoff.
    expect(hook.requests[1]!.at - hook.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("dead-letters an event the receiver refuses (4xx) with the reason, and goes on with the next", async () => {
    const hook = await receiver();
    hook.answer = (_n, req) =>
      req.headers["x-drift-reconciler-event"] === "heal-started"
        ? { status: 400, body: "invalid_payload" }
        : { status: 200 };
    const notify = `  - { kind: webhook, name: ops, url: "${hook.url}", secretEnv: S }\n`;
    const result = await tellStages(trailFor(notify, { S: secret }), healedOutcome());
    expect(result.notifications).toEqual([{ sink: "ops", delivered: 2, deadLettered: 1, queued: 0 }]);
    expect(kindsOf(hook)).toEqual(["drift-detected", "heal-started", "healed"]);
    const dead = readFileSync(join(dir, "audit", "notify-ops.dead.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!)).toMatchObject({
      reason: "HTTP 400: invalid_payload",
      payload: { kind: "heal-started" },
    });
    expect(warnings.join("\n")).toMatch(/notify ops: heal-started event .* refused.*HTTP 400: invalid_payload/);
    // Not retried by the next run.
    await trailFor(notify, { S: secret }).settle();
    expect(hook.requests).toHaveLength(3);
  });

  it("starts at the end of the journal when it is added: the past is not sent", async () => {
    const hook = await receiver();
    await tellStages(trailFor("  []\n", {}), healedOutcome());
    expect(existsSync(join(dir, "audit", "journal.jsonl"))).toBe(true);
    const notify = `  - { kind: webhook, url: "${hook.url}", secretEnv: S }\n`;
    await tellStages(trailFor(notify, { S: secret }), healedOutcome(ssh, "2024-06-12T15:00:00.000Z"));
    expect(kindsOf(hook)).toEqual(["drift-detected", "heal-started", "healed"]);
    expect(hook.requests.every((q) => !q.body.includes("2024-06-12T12:00:00.000Z"))).toBe(true);
  });
});

describe("Slack and Teams sinks", () => {
  it("post a Block Kit message and an Adaptive Card for each event", async () => {
    const slack = await receiver();
    const teams = await receiver();
    const trail = trailFor("  - { kind: slack, urlEnv: SLACK_URL }\n  - { kind: teams, urlEnv: TEAMS_URL }\n", {
      SLACK_URL: slack.url,
      TEAMS_URL: teams.url,
    });
    const result = await tellStages(trail, healedOutcome());
    expect(result.notifications?.map((n) => [n.sink, n.delivered])).toEqual([
      ["slack", 3],
      ["teams", 3],
    ]);
    for (const request of slack.requests) expect(slackMessageProblems(JSON.parse(request.body))).toEqual([]);
    for (const request of teams.requests) expect(teamsMessageProblems(JSON.parse(request.body))).toEqual([]);
    expect(slack.requests[0]!.body).toContain("Drift detected: shop/prod");
    expect(slack.requests[0]!.body).toContain("prod-alb-sg");
    expect(teams.requests[2]!.body).toContain("Healed: shop/prod");
  });

  it("keep working for one sink while the other hangs, and the stages never wait for either", async () => {
    const slack = await receiver();
    const teams = await receiver();
    // Teams takes the request and never answers: were a stage to wait for it, this test would never end.
    teams.answer = () => "hang";
    const trail = trailFor(
      "  - { kind: slack, urlEnv: SLACK_URL }\n  - { kind: teams, urlEnv: TEAMS_URL }\n",
      { SLACK_URL: slack.url, TEAMS_URL: teams.url },
      { settleBudgetMs: 500, requestTimeoutMs: 60_000 },
    );
    const outcome = healedOutcome();
    const stack = trail.forStack({ backend: "file:///state", project: "shop", stack: "prod" });
    await stack.recall();
    await stack.detected(outcome.report, outcome.decision);
    if (outcome.decision.action !== "heal") throw new Error("expected a heal");
    await stack.healStarting(outcome.report, outcome.decision);
    stack.healRunning();
    await stack.finished(outcome);
    const result = await trail.settle();
    expect(result.notifications).toEqual([
      { sink: "slack", delivered: 3, deadLettered: 0, queued: 0 },
      { sink: "teams", delivered: 0, deadLettered: 0, queued: 3, error: "not delivered within the delivery budget" },
    ]);
    expect(teams.requests).toHaveLength(1);
    expect(slack.requests.map((q) => (JSON.parse(q.body) as { text: string }).text)).toEqual([
      "Drift detected: shop/prod",
      "Healing: shop/prod",
      "Healed: shop/prod",
    ]);
    // The tracker got everything regardless.
    expect(result).toMatchObject({ delivered: 3, queued: 0 });
  });
});
