// The journal's other readers (notification sinks): they read the events told so far, never a
// heal that is held or that never ran, and compaction keeps what a reader still needs, without
// giving it back to the tracker.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { fileJournal } from "../../../reconciler/audit/journal.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-readers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const resolved = (n: number): AuditEvent => ({
  id: `resolved-${n}`,
  at: "2024-06-12T12:00:00.000Z",
  project: "shop",
  stack: "prod",
  kind: "drift-resolved",
  summary: `No drift (${n})`,
});
const started: Extract<AuditEvent, { kind: "heal-started" }> = {
  id: "a1-started",
  at: "2024-06-12T12:00:00.000Z",
  project: "shop",
  stack: "prod",
  kind: "heal-started",
  fingerprint: "f",
  attempt: "a1",
  plan: "up",
};

describe("the journal's told events", () => {
  it("leave out a held heal until it is released, and a heal that never ran for good", () => {
    const journal = fileJournal(dir);
    journal.append(resolved(1));
    journal.append(started);
    journal.hold(started.id);
    expect(journal.told().map((e) => e.id)).toEqual(["resolved-1"]);
    journal.release(started.id);
    expect(journal.told().map((e) => e.id)).toEqual(["resolved-1", "a1-started"]);
    journal.cancelHeal(started);
    expect(journal.told().map((e) => e.id)).toEqual(["resolved-1"]);
    expect(
      fileJournal(dir)
        .told()
        .map((e) => e.id),
    ).toEqual(["resolved-1"]);
    expect(
      fileJournal(dir)
        .pending()
        .map((e) => e.id),
    ).toEqual(["resolved-1"]);
  });

  it("keep, through compaction, the events a reader still needs, in order, and delivered to the tracker", () => {
    // A long journal of delivered events, as many runs leave it (written at once: fsync per line is slow).
    const lines = Array.from({ length: 1100 }, (_, n) => [
      JSON.stringify({ t: "event", event: resolved(n) }),
      JSON.stringify({ t: "delivered", id: `resolved-${n}` }),
    ]).flat();
    writeFileSync(join(dir, "journal.jsonl"), `${lines.join("\n")}\n`);
    const needed = new Set(["resolved-7", "resolved-1099"]);
    fileJournal(dir, undefined, { retain: (e) => needed.has(e.id) });
    expect(readFileSync(join(dir, "journal.jsonl"), "utf8").trim().split("\n")).toHaveLength(4);
    const reopened = fileJournal(dir);
    expect(reopened.told().map((e) => e.id)).toEqual(["resolved-7", "resolved-1099"]);
    expect(reopened.pending()).toEqual([]);
  });

  it("let compaction drop delivered events no reader needs but the stack's latest of their kind", () => {
    const lines = Array.from({ length: 1100 }, (_, n) => [
      JSON.stringify({ t: "event", event: resolved(n) }),
      JSON.stringify({ t: "delivered", id: `resolved-${n}` }),
    ]).flat();
    writeFileSync(join(dir, "journal.jsonl"), `${lines.join("\n")}\n`);
    fileJournal(dir);
    expect(
      fileJournal(dir)
        .told()
        .map((e) => e.id),
    ).toEqual(["resolved-1099"]);
  });
});
