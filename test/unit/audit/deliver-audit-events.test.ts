// deliverAuditEvents with an in-memory outbox: in order, exactly once, the rest queued when
// the tracker is down, a rejected event set aside, and secrets scrubbed from the error.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import type { AuditOutbox } from "../../../reconciler/audit/audit-outbox.js";
import { deliverAuditEvents } from "../../../reconciler/audit/deliver-audit-events.js";
import { createGitHubClient } from "../../../reconciler/audit/github-client.js";
import { githubAuthor } from "../../../reconciler/audit/github-author.js";
import { githubIssueTracker } from "../../../reconciler/audit/github-issue-tracker.js";
import { redactor } from "../../../reconciler/core/redact.js";
import { recordingTracker, type RecordingTracker } from "../../support/recording-tracker.js";

const base = { at: "t", project: "shop", stack: "prod" };
const detected: AuditEvent = {
  ...base,
  id: "d",
  kind: "drift-detected",
  fingerprint: "f1",
  severity: "high",
  report: "r",
};
const started: AuditEvent = { ...base, id: "s", kind: "heal-started", fingerprint: "f1", plan: "p" };
const healed: AuditEvent = { ...base, id: "h", kind: "healed", fingerprint: "f1", summary: "ok" };

function memoryOutbox(initial: AuditEvent[] = []) {
  let queue = [...initial];
  const dead: Array<{ event: AuditEvent; reason: string }> = [];
  const outbox: AuditOutbox = {
    read: () => [...queue],
    replace: (events) => void (queue = [...events]),
    deadLetter: (event, reason) => void dead.push({ event, reason }),
  };
  return { outbox, queued: () => queue.map((e) => e.id), dead };
}

/** The tracker fails its nth write with `error`. */
function failingOn(tracker: RecordingTracker, n: number, error: Error & { status?: number }): RecordingTracker {
  let writes = 0;
  const comment = tracker.comment.bind(tracker);
  return {
    ...tracker,
    comment: async (issue, body) => {
      if (++writes === n) throw error;
      return comment(issue, body);
    },
  };
}

describe("deliverAuditEvents", () => {
  it("delivers what earlier cycles queued before the new events, and empties the outbox", async () => {
    const tracker = recordingTracker();
    const box = memoryOutbox([detected]);
    const result = await deliverAuditEvents(tracker, box.outbox, [started, healed], ["drift"]);
    expect(result).toMatchObject({ delivered: 3, queued: 0, rejected: 0 });
    expect(tracker.calls).toEqual(["create #1", "comment #1", "comment #1", "close #1"]);
    expect(box.queued()).toEqual([]);
  });

  it("stops at the first failure and queues it with everything after it, in order", async () => {
    const tracker = failingOn(recordingTracker(), 1, Object.assign(new Error("Service Unavailable"), { status: 503 }));
    const box = memoryOutbox();
    const result = await deliverAuditEvents(tracker, box.outbox, [detected, started, healed], ["drift"]);
    expect(result).toMatchObject({ delivered: 1, queued: 2, error: "HTTP 503: Service Unavailable" });
    expect(box.queued()).toEqual(["s", "h"]);
  });

  it("sets a rejected event aside and goes on with the rest", async () => {
    const tracker = failingOn(recordingTracker(), 1, Object.assign(new Error("Validation Failed"), { status: 422 }));
    const box = memoryOutbox();
    const result = await deliverAuditEvents(tracker, box.outbox, [detected, started, healed], ["drift"]);
    expect(result).toMatchObject({ delivered: 2, queued: 0, rejected: 1 });
    expect(box.dead.map((d) => d.event.id)).toEqual(["s"]);
  });

  it("scrubs secrets from the error it reports", async () => {
    const tracker = failingOn(recordingTracker(), 1, new Error("bad credentials ghp_secretToken123"));
    const result = await deliverAuditEvents(
      tracker,
      memoryOutbox().outbox,
      [detected, started],
      ["drift"],
      redactor(["ghp_secretToken123"]),
    );
    expect(result.error).toBe("bad credentials [redacted]");
  });
});

describe("deliverAuditEvents against an unreachable GitHub", () => {
  it("says the connection was refused and to which host, not an HTTP status", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = { repository: "acme/infra", baseUrl: `http://127.0.0.1:${port}`, tokenEnv: "T", labels: ["drift"] };
    const client = createGitHubClient(config, { T: "token" }, { retries: 0 });
    const box = memoryOutbox();
    const result = await deliverAuditEvents(
      githubIssueTracker(client, {
        repository: "acme/infra",
        label: "drift",
        author: githubAuthor(client, config, {}),
      }),
      box.outbox,
      [detected],
      ["drift"],
    );
    expect(result).toMatchObject({ delivered: 0, queued: 1, error: `connection refused to 127.0.0.1:${port}` });
  });
});
