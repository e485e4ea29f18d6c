import { describe, expect, it } from "vitest";
import type { LookupAnswer } from "../../../reconciler/core/attribution-rules.js";
import type { ActivitySource, AttributionTarget } from "../../../reconciler/core/attribution-source.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { attributeDrift, type AttributionDeps } from "../../../reconciler/engine/attribute-drift.js";
import { memoryAttributionStore, type AttributionStore } from "../../../reconciler/engine/attribution-store.js";
import { testReport } from "../../support/reports.js";

const sgType = "fixture:index:SecurityGroup";
const item = (name: string, extra: Partial<DriftItem> = {}): DriftItem => ({
  urn: `urn:pulumi:prod::shop::${sgType}::${name}`,
  type: sgType,
  name,
  kind: "modified",
  properties: [{ path: "ingress[1]", cloud: { fromPort: 22 } }],
  id: `sg-${name}`,
  ...extra,
});

/** A source answering from a script per resource id, recording what it was asked. */
function scriptedSource(answers: (target: AttributionTarget, call: number) => LookupAnswer) {
  const asked: AttributionTarget[] = [];
  const source: ActivitySource = {
    provider: "fixture",
    name: "fixture-activity-log",
    lookup: async (target, ctx) => {
      if (!ctx.takeRequest()) return { kind: "failed", why: "budget", reason: "request budget spent" };
      asked.push(target);
      return answers(target, asked.length);
    },
  };
  return { source, asked };
}

const found = (who: string): LookupAnswer => ({
  kind: "found",
  changes: [{ principal: who, action: "AuthorizeSecurityGroupIngress", at: "2026-03-10T11:58:00.000Z" }],
});

function deps(source: ActivitySource, store: AttributionStore, at: string, extra: Partial<AttributionDeps> = {}) {
  return {
    sources: [source],
    store,
    key: "file:///state shop/prod",
    config: { enabled: true, maxRequests: 10, maxTime: "20s", retryFor: "2h" },
    now: () => new Date(at),
    env: {},
    stackConfig: async () => undefined,
    ...extra,
  } satisfies AttributionDeps;
}

describe("the attribution step", () => {
  it("searches from the last cycle that saw the stack in sync", async () => {
    const store = memoryAttributionStore();
    const { source, asked } = scriptedSource(() => found("jo"));
    await attributeDrift(
      testReport({ startedAt: "2026-03-10T11:30:00.000Z" }),
      deps(source, store, "2026-03-10T11:30:00.000Z"),
    );
    const result = await attributeDrift(
      testReport({ drift: [item("alb-sg")], startedAt: "2026-03-10T12:00:00.000Z" }),
      deps(source, store, "2026-03-10T12:00:00.000Z"),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]?.since.toISOString()).toBe("2026-03-10T11:25:00.000Z");
    expect(asked[0]?.resourceId).toBe("sg-alb-sg");
    expect(result.report.drift[0]?.attribution).toMatchObject({ status: "found", changes: [{ principal: "jo" }] });
    expect(result.late).toEqual([]);
  });

  it("moves an in-sync stack's window start only every half hour, so the store is not rewritten every cycle", async () => {
    const inner = memoryAttributionStore();
    let writes = 0;
    const store: AttributionStore = {
      read: (key) => inner.read(key),
      write: (key, record) => (writes++, inner.write(key, record)),
    };
    const { source } = scriptedSource(() => ({ kind: "none" }));
    for (const at of ["2026-03-10T11:00:00.000Z", "2026-03-10T11:15:00.000Z", "2026-03-10T11:31:00.000Z"]) {
      await attributeDrift(testReport({ startedAt: at }), deps(source, store, at));
    }
    expect(writes).toBe(2);
    expect(store.read("file:///state shop/prod").lastInSync).toBe("2026-03-10T11:31:00.000Z");
  });

  it("asks for the last deployment only when no cycle saw the stack in sync", async () => {
    const { source, asked } = scriptedSource(() => ({ kind: "none" }));
    let deploymentsAsked = 0;
    const lastDeployment = async () => (deploymentsAsked++, "2026-03-09T08:00:00.000Z");
    const report = testReport({ drift: [item("alb-sg")] });
    await attributeDrift(
      report,
      deps(source, memoryAttributionStore(), "2026-03-10T12:00:00.000Z", { lastDeployment }),
    );
    expect(deploymentsAsked).toBe(1);
    expect(asked[0]?.since.toISOString()).toBe("2026-03-09T07:55:00.000Z");
  });

  it("looks up again on a later cycle what was not in the audit log yet, and reports it once as found later", async () => {
    const store = memoryAttributionStore();
    const { source, asked } = scriptedSource((_t, call) => (call === 1 ? { kind: "none" } : found("jo")));
    const drift = [item("alb-sg")];
    const first = await attributeDrift(testReport({ drift }), deps(source, store, "2026-03-10T12:00:00.000Z"));
    expect(first.report.drift[0]?.attribution).toMatchObject({ status: "not-found" });
    expect(first.late).toEqual([]);

    const second = await attributeDrift(testReport({ drift }), deps(source, store, "2026-03-10T12:15:00.000Z"));
    expect(second.report.drift[0]?.attribution).toMatchObject({ status: "found", foundLater: true });
    expect(second.late).toEqual([
      expect.objectContaining({ name: "alb-sg", firstTriedAt: "2026-03-10T12:00:00.000Z" }),
    ]);
    // The same window both times: a later cycle searches the changes the first one missed.
    expect(asked[1]?.since).toEqual(asked[0]?.since);

    const third = await attributeDrift(testReport({ drift }), deps(source, store, "2026-03-10T12:30:00.000Z"));
    expect(third.late).toEqual([]);
  });

  it("keeps looking after the heal left the stack in sync, until retryFor has passed", async () => {
    const store = memoryAttributionStore();
    const { source, asked } = scriptedSource((_t, call) => (call < 3 ? { kind: "none" } : found("jo")));
    await attributeDrift(testReport({ drift: [item("alb-sg")] }), deps(source, store, "2026-03-10T12:00:00.000Z"));
    const inSync = await attributeDrift(testReport(), deps(source, store, "2026-03-10T12:15:00.000Z"));
    expect(inSync.late).toEqual([]);
    const later = await attributeDrift(testReport(), deps(source, store, "2026-03-10T12:30:00.000Z"));
    expect(later.late.map((l) => [l.name, l.attribution.status, l.attribution.foundLater])).toEqual([
      ["alb-sg", "found", true],
    ]);
    expect(asked).toHaveLength(3);

    const { source: quiet, asked: none } = scriptedSource(() => ({ kind: "none" }));
    const stale = memoryAttributionStore();
    await attributeDrift(testReport({ drift: [item("alb-sg")] }), deps(quiet, stale, "2026-03-10T12:00:00.000Z"));
    await attributeDrift(testReport(), deps(quiet, stale, "2026-03-10T14:00:01.000Z"));
    expect(none).toHaveLength(1);
  });

  it("stops at the request budget: the rest is not looked up this cycle, and waits for the next", async () => {
    const store = memoryAttributionStore();
    const { source, asked } = scriptedSource(() => found("jo"));
    const config = { enabled: true, maxRequests: 1, maxTime: "20s", retryFor: "2h" };
    const report = testReport({ drift: [item("a"), item("b")] });
    const result = await attributeDrift(report, deps(source, store, "2026-03-10T12:00:00.000Z", { config }));
    expect(result.report.drift.map((d) => d.attribution?.status)).toEqual(["found", "not-looked-up"]);
    expect(result.report.drift[1]?.attribution?.reason).toBe("request budget spent (1 per cycle)");
    expect(asked).toHaveLength(1);
    expect(store.read("file:///state shop/prod").pending.map((p) => p.name)).toEqual(["b"]);
  });

  it("stops at the time budget without failing the stack", async () => {
    const slow: ActivitySource = {
      provider: "fixture",
      name: "fixture-activity-log",
      lookup: (_t, ctx) =>
        new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")))),
    };
    const config = { enabled: true, maxRequests: 10, maxTime: "1s", retryFor: "2h" };
    const report = testReport({ drift: [item("a")] });
    const result = await attributeDrift(
      report,
      deps(slow, memoryAttributionStore(), "2026-03-10T12:00:00.000Z", { config }),
    );
    expect(result.report.drift[0]?.attribution).toMatchObject({ status: "not-looked-up", reason: "time budget spent" });
  });

  it("says who is not available for a provider without an audit log, or a resource without an id", async () => {
    const { source, asked } = scriptedSource(() => found("jo"));
    const drift = [
      item("vm", { type: "azure-native:compute:VirtualMachine", urn: "urn:vm" }),
      item("noid", { id: undefined }),
    ];
    const result = await attributeDrift(
      testReport({ drift }),
      deps(source, memoryAttributionStore(), "2026-03-10T12:00:00.000Z"),
    );
    expect(result.report.drift.map((d) => d.attribution)).toEqual([
      { status: "unsupported", source: "azure-native" },
      { status: "unavailable", source: "fixture-activity-log", reason: "no physical id in the stack's state" },
    ]);
    expect(asked).toEqual([]);
  });

  it("turns a source that throws into an attribution, and leaves a busy stack alone", async () => {
    const broken: ActivitySource = {
      provider: "fixture",
      name: "fixture-activity-log",
      lookup: async () => {
        throw new Error("disk on fire");
      },
    };
    const result = await attributeDrift(
      testReport({ drift: [item("a")] }),
      deps(broken, memoryAttributionStore(), "2026-03-10T12:00:00.000Z"),
    );
    expect(result.report.drift[0]?.attribution).toEqual({
      status: "unavailable",
      source: "fixture-activity-log",
      reason: "disk on fire",
    });
    const busy = testReport({ status: "busy", drift: [item("a")] });
    expect(
      (await attributeDrift(busy, deps(broken, memoryAttributionStore(), "2026-03-10T12:00:00.000Z"))).report,
    ).toBe(busy);
  });
});
