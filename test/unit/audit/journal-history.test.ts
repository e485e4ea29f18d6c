// The journal's copy of each stack's history is kept per stack identity: two stacks named prod
// (in two projects, or one project on two backends) never read each other's holds or heals.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileJournal } from "../../../reconciler/audit/journal.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "journal-history-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const networkProd = { backend: "file:///state", project: "network", stack: "prod" };
const appProd = { backend: "file:///state", project: "app", stack: "prod" };
const appProdElsewhere = { backend: "s3://other", project: "app", stack: "prod" };
const healed = (fingerprint: string) => ({ heals: [{ fingerprint, at: "2024-06-12T12:00:00.000Z" }] });

describe("the journal's history of a stack", () => {
  it("keeps two stacks that share a name apart, also after the journal is read again", () => {
    const journal = fileJournal(dir);
    journal.remember(networkProd, healed("n"));
    journal.remember(appProd, healed("a"));
    expect(journal.recall(networkProd)).toEqual(healed("n"));
    expect(journal.recall(appProd)).toEqual(healed("a"));
    expect(journal.recall(appProdElsewhere)).toBeUndefined();

    const again = fileJournal(dir);
    expect(again.recall(networkProd)).toEqual(healed("n"));
    expect(again.recall(appProd)).toEqual(healed("a"));
  });

  it("reads a history written under project/stack alone, until the stack's own is written", () => {
    const legacy = { t: "memory", key: "app/prod", memory: healed("old") };
    writeFileSync(join(dir, "journal.jsonl"), `${JSON.stringify(legacy)}\n`);
    const journal = fileJournal(dir);
    expect(journal.recall(appProd)).toEqual(healed("old"));
    journal.remember(appProd, healed("new"));
    expect(journal.recall(appProd)).toEqual(healed("new"));
    expect(journal.recall(networkProd)).toBeUndefined();
  });
});
