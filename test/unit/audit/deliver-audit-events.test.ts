// deliverPending over a real journal in a temp dir: in order, exactly once, the rest kept when
// the tracker is down, a rejected event set aside, and secrets scrubbed from the error.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { deliverPending } from "../../../reconciler/audit/deliver-audit-events.js";
import { createGitHubClient } from "../../../reconciler/audit/github-client.js";
import { githubIssueTracker } from "../../../reconciler/audit/github-issue-tracker.js";
import { fileJournal, type Journal } from "../../../reconciler/audit/journal.js";
import { redactor } from "../../../reconciler/core/redact.js";
import { recordingTracker, type RecordingTracker } from "../../support/recording-tracker.js";

const base = { at: "2024-06-12T12:00:00.000Z", project: "shop", stack: "prod" };
const detected: AuditEvent = {
  ...base,
  id: "d",
  kind: "drift-detected",
  fingerprint: "f1",
  severity: "high",
  report: "r",
};
const started: AuditEvent = { ...base, id: "s", kind: "heal-started", fingerprint: "f1", attempt: "a", plan: "p" };
const healed: AuditEvent = { ...base, id: "h", kind: "healed", fingerprint: "f1", attempt: "a", summary: "ok" };

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-"));
  journal = fileJournal(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The tracker fails its nth comment with `error`. */
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

describe("deliverPending", () => {
  it("delivers every journaled event in order, once, and a second run delivers nothing", async () => {
    const tracker = recordingTracker();
    for (const e of [detected, started, healed]) journal.append(e);
    expect(await deliverPending(tracker, journal, ["drift"])).toMatchObject({ delivered: 3, queued: 0, rejected: 0 });
    expect(tracker.calls).toEqual(["create #1", "comment #1", "comment #1", "close #1"]);
    expect(await deliverPending(tracker, fileJournal(dir), ["drift"])).toMatchObject({ delivered: 0 });
  });

  it("stops at the first failure and keeps it and everything after it, in order, for the next run", async () => {
    const tracker = failingOn(recordingTracker(), 1, Object.assign(new Error("Service Unavailable"), { status: 503 }));
    for (const e of [detected, started, healed]) journal.append(e);
    const result = await deliverPending(tracker, journal, ["drift"]);
    expect(result).toMatchObject({ delivered: 1, queued: 2, error: "HTTP 503: Service Unavailable" });
    expect(
      fileJournal(dir)
        .pending()
        .map((e) => e.id),
    ).toEqual(["s", "h"]);
  });

  it("sets a rejected event aside and goes on with the rest", async () => {
    const tracker = failingOn(recordingTracker(), 1, Object.assign(new Error("Validation Failed"), { status: 422 }));
    for (const e of [detected, started, healed]) journal.append(e);
    expect(await deliverPending(tracker, journal, ["drift"])).toMatchObject({ delivered: 2, queued: 0, rejected: 1 });
  });

  it("holds a started heal back until it is released", async () => {
    const tracker = recordingTracker();
    journal.append(detected);
    journal.append(started);
    journal.hold("s");
    await deliverPending(tracker, journal, ["drift"]);
    expect(tracker.issues[0]?.comments).toHaveLength(0);
    journal.release("s");
    await deliverPending(tracker, journal, ["drift"]);
    expect(tracker.issues[0]?.comments).toHaveLength(1);
  });

  it("scrubs secrets from the error it reports", async () => {
    const tracker = failingOn(recordingTracker(), 1, new Error("bad credentials ghp_secretToken123"));
    journal.append(detected);
    journal.append(started);
    const result = await deliverPending(tracker, journal, ["drift"], { redact: redactor(["ghp_secretToken123"]) });
    expect(result.error).toBe("bad credentials [redacted]");
  });
});

describe("the journal", () => {
  it("finds a heal started without a result, until it is closed", () => {
    journal.append(started);
    expect(
      fileJournal(dir)
        .openHeals()
        .map((e) => e.attempt),
    ).toEqual(["a"]);
    journal.closeHeal("a");
    expect(fileJournal(dir).openHeals()).toEqual([]);
  });

  it("moves an unreadable line aside and keeps the rest", async () => {
    journal.append(detected);
    const { appendFileSync, readFileSync } = await import("node:fs");
    appendFileSync(join(dir, "journal.jsonl"), "{not json\n");
    journal.append(healed);
    const warnings: string[] = [];
    const reread = fileJournal(dir, (m) => warnings.push(m));
    expect(reread.pending().map((e) => e.id)).toEqual(["d", "h"]);
    expect(warnings).toEqual([
      `${join(dir, "journal.jsonl")}: 1 unreadable or wrongly shaped line(s) moved to journal-corrupt.jsonl`,
    ]);
    expect(readFileSync(join(dir, "journal-corrupt.jsonl"), "utf8")).toBe("{not json\n");
  });
});

describe("deliverPending against an unreachable GitHub", () => {
  it("says the connection was refused and to which host, not an HTTP status", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = { repository: "acme/infra", baseUrl: `http://127.0.0.1:${port}`, tokenEnv: "T", labels: ["drift"] };
    const client = createGitHubClient(config, { T: "token" }, { retries: 0 });
    const tracker = githubIssueTracker(client, { repository: "acme/infra", label: "drift", author: async () => "bot" });
    journal.append(detected);
    const result = await deliverPending(tracker, journal, ["drift"]);
    expect(result).toMatchObject({ delivered: 0, queued: 1, error: `connection refused to 127.0.0.1:${port}` });
  });
});
