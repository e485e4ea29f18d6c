// No secret leaves through the notification sinks: the secret samples a drift carries are
// redacted in what the receivers get, and a sink's own secrets (the chat webhook URL, whose path
// is its key, and the signing secret) appear in no log line, no file in audit.dir (journal,
// positions, dead letters) and no delivery result, even when a receiver quotes them back.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../reconciler/core/parse-config.js";
import { createNotifyingAuditTrail } from "../../../reconciler/notify/notifying-audit-trail.js";
import { leakedSamples, outcomeCarryingSamples, sampleEnv, sampleStackSettings } from "../../support/secret-samples.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver.js";
import { tellStages } from "../../support/told-stages.js";

const signingSecret = "whsec-never-in-any-output-4242";
let dir: string;
let receivers: WebhookReceiver[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "notify-leaks-"));
});
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  rmSync(dir, { recursive: true, force: true });
});

const filesIn = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder)
        .map((f) => readFileSync(join(folder, f), "utf8"))
        .join("\n")
    : "";

describe("the notification sinks' outputs", () => {
  it("hold no secret sample, webhook URL, URL key or signing secret, even when receivers quote them", async () => {
    const slack = await startWebhookReceiver("/services/T0SECRET/B0SECRET/slackKeyNeverShown99");
    const hook = await startWebhookReceiver("/hook");
    receivers.push(slack, hook);
    // Slack refuses every message, quoting the URL it was sent to; the webhook fails quoting its secret.
    slack.answer = (_n, req) => ({ status: 404, body: `no_service for ${req.path} (${slack.url})` });
    hook.answer = () => ({ status: 500, body: `bad signature, expected key ${signingSecret}` });
    const env = { ...sampleEnv, CHAT_URL: slack.url, HOOK_SECRET: signingSecret };
    const text =
      "audit:\n  dir: ./audit\n" +
      "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n" +
      "    passEnv: [{ from: DRIFT_SAMPLE_PASSPHRASE, to: DRIFT_SAMPLE_SECRET }]\n" +
      `    secretsProvider: ${sampleStackSettings.secretsProvider}\n` +
      `notify:\n  - { kind: slack, urlEnv: CHAT_URL }\n  - { kind: webhook, url: "${hook.url}", secretEnv: HOOK_SECRET }\n`;
    const config = parseConfig(text, join(dir, "reconciler.yaml"), env);
    const warnings: string[] = [];
    const trail = createNotifyingAuditTrail(config, {
      env,
      warn: (m) => warnings.push(m),
      notify: { retries: 1, retryBaseMs: 5, settleBudgetMs: 2000 },
    });
    const outcome = outcomeCarryingSamples();
    const result = await tellStages(trail, outcome);

    expect(result.notifications).toMatchObject([
      { sink: "slack", deadLettered: 3 },
      { sink: "webhook", queued: 3, error: expect.stringContaining("HTTP 500") as unknown },
    ]);
    const received = [...slack.requests, ...hook.requests].map((r) => r.body).join("\n");
    expect(received).toContain("[redacted]");
    expect(leakedSamples(received)).toEqual([]);

    const outputs = [warnings.join("\n"), filesIn(join(dir, "audit")), JSON.stringify(result)].join("\n");
    expect(outputs).toContain("no_service");
    expect(outputs).toContain("bad signature");
    for (const secret of [slack.url, "slackKeyNeverShown99", "T0SECRET/B0SECRET", signingSecret]) {
      expect(outputs).not.toContain(secret);
    }
    expect(leakedSamples(outputs)).toEqual([]);
  });

  it("name the variable, never its value, when a chat webhook URL is unusable", () => {
    const text =
      "stacks:\n  - name: prod\n    program: p.ts#program\n    backend: s3://state\n" +
      "notify:\n  - { kind: teams, urlEnv: TEAMS_URL }\n  - { kind: webhook, url: https://h.example/, secretEnv: MISSING }\n";
    const config = parseConfig(text, join(dir, "reconciler.yaml"), {});
    const env = { TEAMS_URL: "http://teams.example/workflows/keyNeverShown77" };
    expect(() => createNotifyingAuditTrail(config, { env })).toThrow(
      "notify[0].urlEnv: the value of TEAMS_URL must be an https:// URL (plain http:// only to localhost or 127.0.0.1)\n" +
        "notify[1].secretEnv: environment variable MISSING is not set",
    );
    try {
      createNotifyingAuditTrail(config, { env });
    } catch (err) {
      expect(String(err)).not.toContain("keyNeverShown77");
    }
  });
});
