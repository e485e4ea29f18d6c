// Every producer that shortens text on its way out redacts it first: a secret that straddles the
// cut leaves not even its first characters behind. Each producer is fed a known secret value and
// a token known by its shape, placed so that its own cut falls inside them.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as automation from "@pulumi/pulumi/automation/index.js";
import { CommandError } from "@pulumi/pulumi/automation/index.js";
import { afterEach, describe, expect, it } from "vitest";
import type { IssueTracker } from "../../../reconciler/audit/issue-tracker.js";
import { readIssueCommands } from "../../../reconciler/audit/read-commands.js";
import { detectionEvents } from "../../../reconciler/audit/stage-events.js";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import { createRedactor, excerpt, redactedInputCap } from "../../../reconciler/core/redact.js";
import { maxReasonLength } from "../../../reconciler/core/steer-command.js";
import { classifyEngineError } from "../../../reconciler/engine/engine-errors.js";
import { postNotification } from "../../../reconciler/notify/post-notification.js";
import { statusQueryOf, statusViewOf } from "../../../reconciler/core/status-view.js";
import { renderStatusPage } from "../../../reconciler/service/status-page.js";
import { testOutcome, testReport } from "../../support/reports.js";

const known = "hunter2-passphrase-value-0042";
const token = `ghp_${"0123456789ab".repeat(3)}`;
const redact = createRedactor([known]);
/** The first characters of each secret: none of them may be left anywhere. */
const prefixes = [known.slice(0, 7), token.slice(0, 7)];

/** Filler, then `secret` starting `before` characters ahead of the cut at `limit`. */
const straddling = (limit: number, secret: string, before = 12) => `${"x".repeat(limit - before - 1)} ${secret} tail`;

function expectNoPrefix(text: string): void {
  for (const prefix of prefixes) expect(text).not.toContain(prefix);
}

const { CommandResult } = automation as unknown as {
  CommandResult: new (stdout: string, stderr: string, code: number) => unknown;
};

describe("the excerpt helper", () => {
  it("cuts after redacting: the cut never falls inside a secret", () => {
    for (const secret of [known, token]) {
      const text = excerpt(straddling(100, secret), 100, redact);
      expect(text.length).toBeLessThanOrEqual(100);
      expectNoPrefix(text);
    }
  });

  it("cuts a text over the input cap before a word, not inside it, and says how much was dropped", () => {
    const text = `${"y".repeat(redactedInputCap - 10)} ${token} and more`;
    const out = redact(text);
    expect(out).toMatch(/more characters not shown\]$/);
    expectNoPrefix(out);
  });
});

describe("each producer that shortens text", () => {
  it("an engine error line: the provider's words, redacted, then cut to 240", () => {
    for (const secret of [known, token]) {
      // The message quotes the line from after "error: ", so the cut at 240 counts from there.
      const line = `error: InvalidClientTokenId: ${straddling(240 - "InvalidClientTokenId: ".length, secret)}`;
      const Kind = CommandError as unknown as new (result: unknown) => CommandError;
      const failure = classifyEngineError(new Kind(new CommandResult("", line, 255)), redact);
      expect(failure.message).toMatch(/AWS credentials missing/);
      expectNoPrefix(failure.message);
    }
  });

  it("a drift value in an audit event: redacted, then cut to 200", () => {
    for (const secret of [known, token]) {
      const report = testReport({
        drift: [
          {
            urn: "urn:pulumi:prod::shop::aws:s3/bucket:Bucket::logs",
            type: "aws:s3/bucket:Bucket",
            name: "logs",
            kind: "modified",
            properties: [{ path: "tags.Note", cloud: straddling(200, secret), deployed: "none" }],
          },
        ],
      });
      const decision = { action: "report" as const, guard: "detect-mode" as const, reason: straddling(1000, secret) };
      const ctx = { project: "shop", stack: "prod", severityRules: defaultSeverityRules, redact };
      const events = detectionEvents(report, decision, { heals: [] }, ctx);
      expect(events.length).toBeGreaterThan(0);
      expectNoPrefix(JSON.stringify(events));
    }
  });

  it("a hold reason read from an issue comment: redacted, then cut to its length", async () => {
    const comment = (id: number, secret: string) => ({
      id,
      author: "alice",
      body: `/drift hold 2h ${straddling(maxReasonLength, secret)}`,
      at: "2024-06-12T10:00:00.000Z",
      updatedAt: "2024-06-12T10:00:00.000Z",
    });
    const tracker = { comments: async () => [comment(1, known), comment(2, token)] } as unknown as IssueTracker;
    const ctx = {
      project: "shop",
      stack: "prod",
      severityRules: [],
      redact,
      repository: "o/r",
      now: "2024-06-12T11:00:00Z",
    };
    const reading = await readIssueCommands(tracker, { number: 7 }, { commands: [] }, async () => "write", ctx);
    expect(reading.commands.map((c) => c.kind)).toEqual(["hold", "hold"]);
    expectNoPrefix(JSON.stringify(reading));
  });

  it("a value on the status page: redacted, then cut to the page's length", () => {
    for (const secret of [known, token]) {
      const report = testReport({ status: "error", error: straddling(1000, secret) });
      const view = statusViewOf({
        stacks: [{ key: "prod", outcome: testOutcome({ outcome: "error", report }) }],
        severity: [],
        ready: { ready: true, reason: "ok" },
      });
      const html = renderStatusPage(view, statusQueryOf(new URLSearchParams()), redact);
      expect(html).toContain("[redacted] …</p>");
      expectNoPrefix(html);
    }
  });
});

describe("a notification receiver's answer", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  async function answering(status: number, body: (res: ServerResponse) => void): Promise<string> {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { "content-type": "text/plain" });
      body(res);
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }

  const post = (url: string) =>
    postNotification({
      url,
      body: "{}",
      headers: {},
      signal: AbortSignal.timeout(20_000),
      now: () => new Date(),
      redact,
    });

  it("is redacted, then cut to 200 for the reason", async () => {
    for (const secret of [known, token]) {
      const url = await answering(400, (res) => res.end(straddling(200, secret)));
      const result = await post(url);
      expect(result.result).toBe("refused");
      if (result.result === "delivered") return;
      expect(result.reason).toMatch(/^HTTP 400: x/);
      expectNoPrefix(result.reason);
      await new Promise((done) => server?.close(done));
    }
  });

  it("of 200 MB is read only up to its cap: memory stays flat and the reason says the rest was dropped", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "e");
    let sent = 0;
    const url = await answering(500, (res) => {
      const write = () => {
        while (sent < 200 && res.write(chunk)) sent += 1;
        if (sent < 200) res.once("drain", write);
        else res.end();
      };
      res.on("error", () => undefined);
      write();
    });
    const before = process.memoryUsage().rss;
    const result = await post(url);
    const grown = process.memoryUsage().rss - before;
    expect(result.result).toBe("retry");
    if (result.result === "delivered") return;
    expect(result.reason).toMatch(/^HTTP 500: e+… \(answer over 64 KiB: the rest was dropped unread\)$/);
    expect(sent).toBeLessThan(200);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});
