// The audit journal on a real temp folder: a record that parses but is not of a journal record's
// shape is moved aside (it used to throw a TypeError that stopped every stack's cycle), the file
// stays 0600 through compaction, and upkeep() compacts past the bound keeping what is still needed.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { fileJournal } from "../../../reconciler/audit/journal.js";
import { compactionDue } from "../../../reconciler/core/journal-bound.js";

const base = { at: "2024-06-12T12:00:00.000Z", project: "shop", stack: "prod" };
const detected: AuditEvent = {
  ...base,
  id: "d",
  kind: "drift-detected",
  fingerprint: "f1",
  severity: "high",
  report: "r",
};
const started = (n: number): Extract<AuditEvent, { kind: "heal-started" }> => ({
  ...base,
  id: `s${n}`,
  kind: "heal-started",
  fingerprint: "f1",
  attempt: `a${n}`,
  plan: "p",
});

let dir: string;
let warnings: string[];
const warn = (m: string) => void warnings.push(m);
const file = () => join(dir, "journal.jsonl");
const lines = () => readFileSync(file(), "utf8").split("\n").filter(Boolean).length;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-"));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a journal with records of the wrong shape", () => {
  it.each([
    ['{"t":"event"}'],
    ['{"t":"event","event":{"id":"x","kind":"healed"}}'],
    ['{"t":"memory","key":"shop/prod","memory":{"heals":"none"}}'],
    [
      '{"t":"memory","key":"shop/prod","memory":{"heals":[],"commands":[{"id":"local-1","by":"a","at":"now","kind":"resume"}]}}',
    ],
    ['{"t":"delivered"}'],
    ['{"t":"launch"}'],
  ])("loads, moving %s aside with a warning", (bad) => {
    fileJournal(dir).append(detected);
    appendFileSync(file(), `${bad}\n`);
    const journal = fileJournal(dir, warn);
    expect(journal.pending().map((e) => e.id)).toEqual(["d"]);
    expect(readFileSync(join(dir, "journal-corrupt.jsonl"), "utf8")).toBe(`${bad}\n`);
    expect(warnings).toEqual([`${file()}: 1 unreadable or wrongly shaped line(s) moved to journal-corrupt.jsonl`]);
  });
});

describe("compaction", () => {
  it("keeps journal.jsonl 0600 when it compacts on load", () => {
    const journal = fileJournal(dir);
    for (let n = 0; n < 30; n++) journal.cancelHeal(started(n));
    const reread = fileJournal(dir, warn, { bound: { records: 10, bytes: 1 << 20, ageMs: 86_400_000 } });
    expect(reread.openHeals()).toEqual([]);
    expect(lines()).toBe(0);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it("in upkeep keeps undelivered events, open heals and each stack's latest of a kind, on disk and in memory", () => {
    const bound = { records: 20, bytes: 1 << 20, ageMs: 86_400_000 };
    const journal = fileJournal(dir, warn, { bound });
    journal.append(detected);
    journal.append(started(0));
    for (let n = 1; n <= 20; n++) {
      journal.append(started(n));
      journal.delivered(`s${n}`);
      journal.closeHeal(`a${n}`);
    }
    const upkeep = journal.upkeep();
    expect(upkeep.compacted).toBe("records");
    expect(journal.pending().map((e) => e.id)).toEqual(["d", "s0"]);
    expect(journal.openHeals().map((e) => e.id)).toEqual(["s0"]);
    // The latest heal-started (s20, delivered and closed) stays known, and stays closed.
    expect(journal.has("s20")).toBe(true);
    expect(journal.has("s1")).toBe(false);
    expect(upkeep.events).toBe(3);
    expect(lines()).toBe(upkeep.records);
    const reread = fileJournal(dir);
    expect(reread.pending().map((e) => e.id)).toEqual(["d", "s0"]);
    expect(reread.openHeals().map((e) => e.id)).toEqual(["s0"]);
    expect(journal.upkeep().compacted).toBeUndefined();
  });

  it("is due past a bound only once the file has doubled since the last compaction, or by age", () => {
    const bound = { records: 100, bytes: 1000, ageMs: 60_000 };
    const size = { records: 150, bytes: 500, keptRecords: 90, keptBytes: 300, compactedAt: 0 };
    expect(compactionDue(size, bound, 1000)).toBeUndefined();
    expect(compactionDue({ ...size, records: 180 }, bound, 1000)).toBe("records");
    expect(compactionDue({ ...size, bytes: 1200 }, bound, 1000)).toBe("bytes");
    expect(compactionDue(size, bound, 60_000)).toBe("age");
    expect(compactionDue({ ...size, records: 90 }, bound, 60_000)).toBeUndefined();
  });
});

describe("the local command file", () => {
  it("moves a hold `until: later` aside with a warning: it never holds", async () => {
    const { appendLocalCommand, readLocalCommands, localCommandsFile } =
      await import("../../../reconciler/audit/local-commands.js");
    const now = () => new Date("2024-06-12T12:00:00.000Z");
    const forged = { kind: "hold", id: "local-1", by: "ops", at: "2024-06-12T11:00:00.000Z", until: "later" };
    appendFileSync(localCommandsFile(dir), `${JSON.stringify({ project: "shop", stack: "prod", command: forged })}\n`);
    const good = { kind: "resume" as const, id: "local-2", by: "ops", at: "2024-06-12T11:30:00.000Z" };
    appendLocalCommand(dir, { project: "shop", stack: "prod", command: good });
    expect(readLocalCommands(dir, { project: "shop", stack: "prod" }, warn, now)).toEqual([good]);
    expect(warnings).toEqual([
      `${localCommandsFile(dir)}: 1 unreadable or wrongly shaped line(s) moved to commands-corrupt.jsonl`,
    ]);
    expect(readFileSync(join(dir, "commands-corrupt.jsonl"), "utf8")).toContain('"until":"later"');
  });
});
