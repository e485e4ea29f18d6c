// What the status page shows and /status.json answers: the committed JSON Schema is current
// and a view of every kind of stack validates against it; the filters; a stack not checked yet
// is neutral; the drift table and the timeline.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import {
  filterStacks,
  historyEntryOf,
  statusQueryOf,
  statusViewJsonSchema,
  statusViewOf,
  type StatusStackInput,
} from "../../../reconciler/core/status-view.js";
import { diskFiles } from "../../../reconciler/files/durable-files.js";
import { stackHistory, statusHistoryFile } from "../../../reconciler/service/stack-history.js";
import { fleetOutcome, type FleetState } from "../../support/fleet-outcomes.js";

const committedSchema = () =>
  JSON.parse(readFileSync(new URL("../../../schema/status.schema.json", import.meta.url), "utf8")) as object;
const states: FleetState[] = ["in-sync", "drifted", "held", "flapping", "stuck", "failed"];
const inputs: StatusStackInput[] = [
  ...states.map((s) => {
    const outcome = fleetOutcome(`${s}-stack`, s);
    return { key: `${s}-stack`, outcome, history: [historyEntryOf(outcome)] };
  }),
  { key: "new-stack", project: "shop" },
];
const view = statusViewOf({
  stacks: inputs,
  severity: defaultSeverityRules,
  ready: { ready: true, reason: "ok" },
  lastCycleFinishedAt: new Date("2026-12-07T03:00:10.000Z"),
});
const keysOf = (q: string) => filterStacks(view.stacks, statusQueryOf(new URLSearchParams(q))).map((s) => s.key);

describe("the /status.json schema", () => {
  it("equals the committed schema/status.schema.json", () => {
    expect(committedSchema(), "schema/status.schema.json is stale: run `npm run schema` and commit it").toEqual(
      statusViewJsonSchema(),
    );
  });

  it("accepts a view of every kind of stack, and rejects one with a field missing", () => {
    const validate = new Ajv2020({ strict: false }).compile(committedSchema());
    const json = JSON.parse(JSON.stringify(view)) as { stacks: Array<Record<string, unknown>> };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    delete json.stacks[0]?.["group"];
    expect(validate(json)).toBe(false);
  });
});

describe("the status view", () => {
  it("reads a stack not checked yet as neutral, in its own group", () => {
    const fresh = view.stacks.find((s) => s.key === "new-stack");
    expect(fresh).toMatchObject({ state: "not checked yet", group: "unchecked", project: "shop", history: [] });
    expect(view.counts).toEqual({ stuck: 1, failed: 1, held: 2, drifted: 1, unchecked: 1, "in-sync": 1 });
  });

  it("has the drift table of the last report, with each property's values and severity", () => {
    const drifted = view.stacks.find((s) => s.key === "drifted-stack");
    expect(drifted?.driftTable).toEqual([
      {
        resource: "alb-sg",
        type: "aws:ec2/securityGroup:SecurityGroup",
        kind: "modified",
        property: "ingress",
        cloud: '[{"protocol":"tcp","fromPort":22,"toPort":22,"cidrBlocks":["0.0.0.0/0"]}]',
        deployed: "[]",
        severity: "critical",
      },
    ]);
    expect(drifted?.decision).toEqual({ action: "report", reason: "detect-mode", guard: "detect-mode" });
    expect(drifted?.engineOperations).toEqual([{ name: "preview --refresh", durationMs: 2100 }]);
  });

  it("filters by what needs attention, drifted, held, and by a part of the name in any case", () => {
    expect(keysOf("show=attention")).toEqual([
      "stuck-stack",
      "failed-stack",
      "held-stack",
      "flapping-stack",
      "drifted-stack",
    ]);
    expect(keysOf("show=drifted")).toEqual(["drifted-stack"]);
    expect(keysOf("show=held")).toEqual(["held-stack", "flapping-stack"]);
    expect(keysOf("show=all&q=STUCK")).toEqual(["stuck-stack"]);
    expect(keysOf("show=nonsense")).toHaveLength(7);
    expect(keysOf("stack=held-stack&show=drifted")).toEqual(["held-stack"]);
  });
});

describe("the timeline", () => {
  it("keeps the last outcomes per stack, oldest first, no more than its limit", () => {
    const history = stackHistory(["a"], 3);
    for (const [i, s] of (["in-sync", "drifted", "stuck", "failed"] as const).entries())
      history.add("a", fleetOutcome("a", s, { startedAt: `2026-12-07T0${i}:00:00.000Z` }));
    history.add("unknown", fleetOutcome("unknown", "in-sync"));
    expect(history.of("a").map((h) => [h.at.slice(11, 13), h.outcome])).toEqual([
      ["01", "reported"],
      ["02", "stuck"],
      ["03", "error"],
    ]);
    expect(history.of("unknown")).toEqual([]);
  });

  it("outlives a restart through its file, keeping only the stacks still owned", () => {
    const dir = mkdtempSync(join(tmpdir(), "status-history-"));
    const warnings: string[] = [];
    const store = { file: statusHistoryFile(dir), files: diskFiles, warn: (m: string) => warnings.push(m) };
    const before = stackHistory(["a", "b"], 3, store);
    before.add("a", fleetOutcome("a", "drifted", { startedAt: "2026-12-07T01:00:00.000Z" }));
    before.add("b", fleetOutcome("b", "in-sync", { startedAt: "2026-12-07T02:00:00.000Z" }));
    before.save();

    const after = stackHistory(["a"], 3, store);
    expect(after.of("a")).toEqual(before.of("a"));
    expect(after.of("b")).toEqual([]);
    after.save();
    expect(Object.keys(JSON.parse(readFileSync(store.file, "utf8")) as object)).toEqual(["a"]);
    expect(warnings).toEqual([]);
  });

  it("starts empty, with a warning, from a file of the wrong shape, and moves the file aside", () => {
    const dir = mkdtempSync(join(tmpdir(), "status-history-"));
    const warnings: string[] = [];
    const file = statusHistoryFile(dir);
    writeFileSync(file, JSON.stringify({ a: [{ at: "yesterday", outcome: "healed" }] }));
    const history = stackHistory(["a"], 3, { file, files: diskFiles, warn: (m) => warnings.push(m) });
    expect(history.of("a")).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(existsSync(file)).toBe(false);
  });
});
