// The local command file's records are judged before they steer anything: real instants, a hold
// that ends after it began and within 90 days, an id of a local command, no time in the future;
// and compaction keeps only what still means something.
import { describe, expect, it } from "vitest";
import {
  liveLocalCommands,
  localCommandRecordSchema,
  type LocalCommandRecord,
} from "../../../reconciler/core/local-command-record.js";

const NOW = new Date("2024-06-12T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const day = 86_400_000;
const hold = (id: string, atMs: number, untilMs: number): LocalCommandRecord => ({
  project: "shop",
  stack: "prod",
  command: { kind: "hold", id, by: "ops", at: at(atMs), until: at(untilMs) },
});
const record = (command: Record<string, unknown>) => ({ project: "shop", stack: "prod", command });
const valid = (value: unknown) => localCommandRecordSchema(NOW).safeParse(value).success;

describe("a local command record", () => {
  it("is accepted as `reconciler hold|approve|resume` writes it", () => {
    expect(valid(hold("local-1", 0, day))).toBe(true);
    expect(
      valid(record({ kind: "heal", id: "local-2", by: "ops", at: at(0), massDeletion: false, fingerprint: "ab12" })),
    ).toBe(true);
    expect(valid(record({ kind: "resume", id: "local-3", by: "ops", at: at(-day) }))).toBe(true);
  });

  it.each([
    ["a hold until a time that is not one", { kind: "hold", id: "local-1", by: "ops", at: at(0), until: "later" }],
    ["a hold that ends before it began", { kind: "hold", id: "local-1", by: "ops", at: at(0), until: at(-1) }],
    ["a hold longer than 90 days", { kind: "hold", id: "local-1", by: "ops", at: at(0), until: at(91 * day) }],
    ["a time that is not one", { kind: "resume", id: "local-1", by: "ops", at: "yesterday" }],
    ["a time in the future", { kind: "resume", id: "local-1", by: "ops", at: at(day) }],
    ["an id that is not a local command's", { kind: "resume", id: "github-77", by: "ops", at: at(0) }],
    ["an unknown kind", { kind: "deploy", id: "local-1", by: "ops", at: at(0) }],
    ["an approval without massDeletion", { kind: "heal", id: "local-1", by: "ops", at: at(0) }],
    ["no author", { kind: "resume", id: "local-1", by: "", at: at(0) }],
  ])("is refused for %s", (_what, command) => {
    expect(valid(record(command))).toBe(false);
  });

  it("is refused without a stack", () => {
    expect(valid({ project: "shop", command: hold("local-1", 0, day).command })).toBe(false);
  });
});

describe("compacting the local commands", () => {
  it("keeps the latest hold, approval and resume per stack, and drops a hold a week after it expired", () => {
    const resume: LocalCommandRecord = {
      project: "shop",
      stack: "prod",
      command: { kind: "resume", id: "local-r", by: "ops", at: at(-3 * day) },
    };
    const approval: LocalCommandRecord = {
      project: "shop",
      stack: "prod",
      command: { kind: "heal", id: "local-a", by: "ops", at: at(-day), massDeletion: false },
    };
    const other = { ...hold("local-o", -20 * day, -10 * day), stack: "dev" };
    const records = [
      hold("local-old", -5 * day, -4 * day), // before the resume: replaced by it
      resume,
      approval,
      hold("local-1", -2 * day, day),
      hold("local-2", -day, 2 * day), // replaces local-1
      hold("local-2", -day, 2 * day), // the same record twice (an append retried)
      other, // expired ten days ago
    ];
    expect(liveLocalCommands(records, NOW).map((r) => r.command.id)).toEqual(["local-r", "local-a", "local-2"]);
  });

  it("keeps an expired hold for a week, so the trail can say it ended", () => {
    expect(liveLocalCommands([hold("local-1", -3 * day, -day)], NOW)).toHaveLength(1);
    expect(liveLocalCommands([hold("local-1", -10 * day, -8 * day)], NOW)).toEqual([]);
  });
});
