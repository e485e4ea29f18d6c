// The dashboard's Markdown: stacks grouped by what needs a person first, every untrusted value
// inert, a fleet of 500 stacks within GitHub's body limit, and a fingerprint that ignores the
// check times (so an unchanged fleet is not written again).
import { describe, expect, it } from "vitest";
import { defaultSeverityRules } from "../../../reconciler/core/config-schema.js";
import { fleetGroupOf, fleetRowOf, type FleetRow } from "../../../reconciler/core/fleet-row.js";
import { readTrailer } from "../../../reconciler/core/marker-trailer.js";
import {
  dashboardBodyLimit,
  renderDashboardBody,
  renderShardSection,
  sectionCounts,
  sectionFingerprint,
  shardOfNote,
} from "../../../reconciler/core/render-dashboard.js";
import { fleetOutcome, groupIn, type FleetState } from "../../support/fleet-outcomes.js";
import { inlineParts } from "../../support/markdown-inline.js";

const shard = { index: 0, count: 1 };
const row = (stack: string, state: FleetState, by?: string): FleetRow =>
  fleetRowOf({ project: "shop", stack }, fleetOutcome(stack, state, by ? { by } : {}), undefined, defaultSeverityRules);

describe("the groups of the fleet", () => {
  it("puts stuck, failed, held (a hold or the flapping stop), drifted, then in sync and not yet checked", () => {
    const states: FleetState[] = ["stuck", "failed", "held", "flapping", "drifted", "in-sync"];
    expect(states.map((s) => fleetGroupOf(fleetOutcome("x", s)))).toEqual([
      "stuck",
      "failed",
      "held",
      "held",
      "drifted",
      "in-sync",
    ]);
    expect(fleetGroupOf(undefined)).toBe("unchecked");
  });

  it("shows the drift's count and highest severity, and who holds it until when", () => {
    expect(row("prod", "held")).toMatchObject({
      drift: 1,
      severity: "critical",
      hold: { by: "alice", until: "2026-12-07T05:00:00.000Z" },
      group: "held",
    });
  });
});

describe("a shard's section", () => {
  it("lists each stack under its group, needing a person first, and counts them in its heading", () => {
    const text = renderShardSection({
      shard: { index: 1, count: 2 },
      reportedAt: "2026-12-07T03:00:00.000Z",
      rows: [row("a", "in-sync"), row("b", "drifted"), row("c", "stuck"), row("d", "held"), row("e", "failed")],
    });
    expect(["b", "c", "d", "e", "a"].map((n) => groupIn(text, n))).toEqual([
      "Drifted",
      "Stuck",
      "Held",
      "Failed",
      "In sync",
    ]);
    const headings = [...text.matchAll(/^#### (\w[\w ]*) \(/gm)].map((m) => m[1]);
    expect(headings).toEqual(["Stuck", "Failed", "Held", "Drifted", "In sync"]);
    expect(sectionCounts(text)).toEqual({ stacks: 5, attention: 4 });
    expect(shardOfNote(readTrailer(text)?.note)).toEqual({ index: 1, count: 2 });
    expect(text).toMatch(/<details><summary>1 stack in sync<\/summary>/);
  });

  it("keeps names and logins as inert code spans: no mention, no HTML, no marker", () => {
    const text = renderShardSection({
      shard,
      reportedAt: "2026-12-07T03:00:00.000Z",
      rows: [row("<img src=x onerror=alert(1)>", "held", "@acme/everyone <!-- drift-reconciler:note:x -->")],
    });
    const line = text.split("\n").find((l) => l.includes("img")) ?? "";
    const parts = inlineParts(line);
    expect(parts.text).not.toMatch(/<img|@acme|<!--/);
    expect(parts.code.join(" ")).toContain("<img src=x onerror=alert(1)>");
    expect(readTrailer(text)?.note).toBe("dashboard.shard.0.1");
  });

  it("fits 500 stacks in GitHub's limit: in-sync ones as a count and a <details> list", () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      row(`service-${String(i).padStart(3, "0")}-eu-west-1`, i % 10 === 0 ? "drifted" : "in-sync"),
    );
    const text = renderShardSection({ shard, reportedAt: "2026-12-07T03:00:00.000Z", rows });
    expect(text.length).toBeLessThanOrEqual(dashboardBodyLimit);
    expect(text).toContain("<details><summary>450 stacks in sync</summary>");
    expect(text).toContain("`shop/service-499-eu-west-1`");
    expect(groupIn(text, "service-010-eu-west-1")).toBe("Drifted");
  });

  it("stays within the limit when 500 stacks with long names all need a person, saying how many it left out", () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      row(`${"long-stack-name-".repeat(8)}${i}`, "held", "x".repeat(90)),
    );
    const text = renderShardSection({ shard, reportedAt: "2026-12-07T03:00:00.000Z", rows });
    expect(text.length).toBeLessThanOrEqual(dashboardBodyLimit);
    expect(text).toMatch(/_\d+ more stack\(s\) not listed/);
    expect(readTrailer(text)?.note).toBe("dashboard.shard.0.1");
  });

  it("has a fingerprint that changes with what it shows, not with when the stacks were checked", () => {
    const at = (startedAt: string) =>
      fleetRowOf({ project: "shop", stack: "a" }, fleetOutcome("a", "in-sync", { startedAt }), undefined, []);
    const base = { shard, rows: [at("2026-12-07T03:00:00.000Z")] };
    expect(sectionFingerprint({ ...base, rows: [at("2026-12-07T04:00:00.000Z")] })).toBe(sectionFingerprint(base));
    expect(sectionFingerprint({ ...base, rows: [row("a", "drifted")] })).not.toBe(sectionFingerprint(base));
  });
});

describe("the dashboard body", () => {
  it("lists each shard with its last report, a silent one as stale and a missing one as not reported yet", () => {
    const body = renderDashboardBody({
      count: 3,
      shards: [
        { shard: { index: 0, count: 3 }, reportedAt: "2026-12-07T02:00:00.000Z", stacks: 7, attention: 1 },
        { shard: { index: 1, count: 3 }, reportedAt: "2026-12-05T02:00:00.000Z", stacks: 6, attention: 0 },
      ],
      now: new Date("2026-12-07T03:00:00.000Z"),
      staleAfterMs: 24 * 3_600_000,
      refreshEvery: "6h",
    });
    const lines = body.split("\n");
    expect(lines.find((l) => l.startsWith("| Shard 1 of 3"))).toMatch(
      /\| 7 \| 1 \| `2026-12-07 02:00 UTC` · reporting \|/,
    );
    expect(lines.find((l) => l.startsWith("| Shard 2 of 3"))).toMatch(/`2026-12-05 02:00 UTC` · \*\*stale\*\*/);
    expect(lines.find((l) => l.startsWith("| Shard 3 of 3"))).toMatch(/no report yet/);
    expect(readTrailer(body)?.note).toBe("dashboard");
  });
});
