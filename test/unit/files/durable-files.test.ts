// The durable-file store on a real temp folder: replacements are 0600 and leave no temporary
// file, temporary names never collide, appends are 0600, and a JSON Lines reader moves what it
// cannot trust (not JSON, or not of the record's shape) aside with one warning.
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { corruptFileOf, sortLines } from "../../../reconciler/core/durable-file.js";
import {
  appendFile,
  readJsonFile,
  readJsonlFile,
  replaceFile,
  tempPathFor,
} from "../../../reconciler/files/durable-files.js";

const record = z.object({ n: z.number() });
let dir: string;
let warnings: string[];
const warn = (m: string) => void warnings.push(m);
const mode = (file: string) => statSync(file).mode & 0o777;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-"));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("replacing a file", () => {
  it("writes it 0600 in a folder it creates 0700, and leaves no temporary file beside it", () => {
    const file = join(dir, "audit", "state.json");
    replaceFile(file, "one\n");
    replaceFile(file, "two\n");
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(mode(file)).toBe(0o600);
    expect(mode(dirname(file))).toBe(0o700);
    expect(readdirSync(dirname(file))).toEqual(["state.json"]);
  });

  it("makes a file that was 0644 (an older version's compaction) 0600", () => {
    const file = join(dir, "journal.jsonl");
    writeFileSync(file, "old\n", { mode: 0o644 });
    chmodSync(file, 0o644);
    replaceFile(file, "new\n");
    expect(mode(file)).toBe(0o600);
  });

  it("is not stopped by a temporary file a crashed writer left behind", () => {
    const file = join(dir, "journal.jsonl");
    writeFileSync(`${file}.tmp`, "half");
    writeFileSync(join(dir, ".journal.jsonl.1-abc.tmp"), "half");
    replaceFile(file, "whole\n");
    expect(readFileSync(file, "utf8")).toBe("whole\n");
  });

  it("uses a temporary name in the same folder that no other writer uses", () => {
    const file = join(dir, "journal.jsonl");
    const names = Array.from({ length: 1000 }, () => tempPathFor(file));
    expect(new Set(names).size).toBe(1000);
    for (const name of names) expect(dirname(name)).toBe(dir);
    expect(names[0]).toMatch(new RegExp(`^${dir}/\\.journal\\.jsonl\\.${process.pid}-[0-9a-f]+\\.tmp$`));
  });
});

describe("appending", () => {
  it("creates the file 0600 and adds to it", () => {
    const file = join(dir, "new", "commands.jsonl");
    appendFile(file, "a\n");
    appendFile(file, "b\n");
    expect(readFileSync(file, "utf8")).toBe("a\nb\n");
    expect(mode(file)).toBe(0o600);
  });
});

describe("reading JSON Lines", () => {
  it("returns nothing for a missing file and writes nothing", () => {
    expect(readJsonlFile(join(dir, "none.jsonl"), record, warn)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("moves unreadable and wrongly shaped lines to <name>-corrupt.jsonl with one warning, keeping the rest as written", () => {
    const file = join(dir, "journal.jsonl");
    writeFileSync(file, '{"n":1}\n{not json\n{"t":"event"}\n{"n":"2"}\n{ "n": 3 }\n{"n":4');
    expect(readJsonlFile(file, record, warn)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(readFileSync(file, "utf8")).toBe('{"n":1}\n{ "n": 3 }\n');
    expect(readFileSync(join(dir, "journal-corrupt.jsonl"), "utf8")).toBe(
      '{not json\n{"t":"event"}\n{"n":"2"}\n{"n":4\n',
    );
    expect(warnings).toEqual([`${file}: 4 unreadable or wrongly shaped line(s) moved to journal-corrupt.jsonl`]);
    expect(mode(join(dir, "journal-corrupt.jsonl"))).toBe(0o600);
    // Read again: nothing left to move.
    expect(readJsonlFile(file, record, warn)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(warnings).toHaveLength(1);
  });

  it("leaves a file of good records untouched", () => {
    const file = join(dir, "journal.jsonl");
    writeFileSync(file, '{"n":1}\n', { mode: 0o600 });
    const before = statSync(file).ino;
    readJsonlFile(file, record, warn);
    expect(statSync(file).ino).toBe(before);
  });

  it("compacts to the records kept, and keeps a line another writer appended while it compacted", () => {
    const file = join(dir, "commands.jsonl");
    writeFileSync(file, '{"n":1}\n{"n":2}\n');
    const kept = readJsonlFile(file, record, warn, {
      compact: (read) => {
        appendFileSync(file, '{"n":3}\n');
        return read.filter((r) => r.n === 2);
      },
    });
    expect(kept).toEqual([{ n: 2 }]);
    expect(readFileSync(file, "utf8")).toBe('{"n":2}\n{"n":3}\n');
  });
});

describe("reading one JSON document", () => {
  it("moves a document of the wrong shape aside with a warning and reads as missing", () => {
    const file = join(dir, "issues.json");
    writeFileSync(file, '{"issues":"none"}');
    expect(readJsonFile(file, z.object({ issues: z.array(z.unknown()) }), warn)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, "issues-corrupt.json"), "utf8")).toBe('{"issues":"none"}');
    expect(warnings).toEqual([`${file}: unreadable or wrongly shaped, moved to ${join(dir, "issues-corrupt.json")}`]);
  });
});

describe("the pure parts", () => {
  it("name the corrupt file after the file", () => {
    expect(corruptFileOf("/a/journal.jsonl")).toBe("/a/journal-corrupt.jsonl");
    expect(corruptFileOf("/a/notify-ops.jsonl")).toBe("/a/notify-ops-corrupt.jsonl");
    expect(corruptFileOf("/a/issues.json")).toBe("/a/issues-corrupt.json");
  });

  it("sort lines into records of the shape and the rest, skipping blank lines", () => {
    expect(sortLines('{"n":1}\n\n[1]\nnull\n', record)).toEqual({
      records: [{ line: '{"n":1}', record: { n: 1 } }],
      bad: ["[1]", "null"],
    });
  });
});
