// On the real engine, scenario by scenario: the pending code changes read off a `preview --refresh`
// stream are exactly what a plain `preview` of the same stack says, or the stream says it cannot
// tell (and names the resources). Then detection itself: with drift and no pending check due, one
// preview when the plan can tell, the plain preview as well when it cannot; with a check due (here:
// the code changed), the plain preview beside the refresh preview.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { driftItems, pendingItems } from "../../reconciler/core/drift-model.js";
import type { PendingItem } from "../../reconciler/core/drift-report.js";
import { pendingFromRefreshedPlan } from "../../reconciler/core/pending-attribution.js";
import { addIngressRule, changeProperty, deleteResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import type { DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { detectDrift } from "../../reconciler/engine/run-stacks.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

interface Scenario {
  name: string;
  /** Stack config of the first deployment. */
  deployed?: Record<string, string>;
  /** Out-of-band changes to the cloud and changes to the code (stack config the program reads). */
  change(f: DeployedFixture, stack: Stack): Promise<void>;
  /** attributed: the pending changes, [name, op], as the plain preview has them; ambiguous: the resources named. */
  want: { attributed: Array<[string, string]> } | { ambiguous: string[] };
}

const scenarios: Scenario[] = [
  {
    name: "drift only: a rule added, a load balancer made internal, a target group deleted",
    change: async (f) => {
      addIngressRule(f.cloudDir, "prod-alb-sg");
      changeProperty(f.cloudDir, "loadbalancer", "prod-alb", "internal", true);
      deleteResource(f.cloudDir, "targetgroup", "prod-app-tg");
    },
    want: { attributed: [] },
  },
  {
    name: "drift and code changes on different resources, one removed resource already gone from the cloud",
    deployed: { extraResources: "3" },
    change: async (f, stack) => {
      addIngressRule(f.cloudDir, "prod-app-sg");
      deleteResource(f.cloudDir, "targetgroup", "prod-app-tg");
      deleteResource(f.cloudDir, "bucket", "prod-bucket-1");
      await stack.setConfig("albIngressCidrs", { value: '["10.0.0.0/8"]' });
      await stack.setConfig("extraResources", { value: "1" });
    },
    want: {
      attributed: [
        ["prod-alb-sg", "update"],
        ["prod-bucket-1", "delete"],
        ["prod-bucket-2", "delete"],
      ],
    },
  },
  {
    name: "resources added in the code, drift elsewhere",
    change: async (f, stack) => {
      addIngressRule(f.cloudDir, "prod-alb-sg");
      await stack.setConfig("extraResources", { value: "2" });
    },
    want: {
      attributed: [
        ["prod-bucket-0", "create"],
        ["prod-bucket-1", "create"],
      ],
    },
  },
  {
    name: "the code changes a resource that is gone from the cloud",
    change: async (f, stack) => {
      deleteResource(f.cloudDir, "targetgroup", "prod-app-tg");
      await stack.setConfig("appPort", { value: "9090" });
    },
    want: { ambiguous: ["prod-app-tg"] },
  },
  {
    name: "the code catches up with a change made in the cloud",
    change: async (f, stack) => {
      changeProperty(f.cloudDir, "targetgroup", "prod-app-tg", "port", 9090);
      await stack.setConfig("appPort", { value: "9090" });
    },
    want: { ambiguous: ["prod-app-tg"] },
  },
  {
    name: "a secret changed in the cloud",
    change: async (f) => {
      changeProperty(f.cloudDir, "secret", "prod-db-credentials", "value", "typed-in-the-console");
    },
    want: { ambiguous: ["prod-db-credentials"] },
  },
];

const pairs = (items: PendingItem[]) => items.map((item): [string, string] => [item.name, item.op]).sort();
const byUrn = (items: PendingItem[]) => [...items].sort((a, b) => a.urn.localeCompare(b.urn));

async function collect(run: (onEvent: (event: EngineEvent) => void) => Promise<unknown>): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  await run((event) => events.push(event));
  return events;
}

async function deployAndChange(scenario: Scenario) {
  const f = await engine.deploy({ prod: scenario.deployed ? { config: scenario.deployed } : {} });
  const stack = f.stacks.prod?.stack;
  if (!stack) throw new Error("no prod stack");
  await scenario.change(f, stack);
  return { f, stack };
}

describe("pending changes read off the plan, against the plain preview", () => {
  it.each(scenarios)("$name", async (scenario) => {
    const { stack } = await deployAndChange(scenario);
    const refresh = await collect((onEvent) => stack.previewRefresh({ onEvent }));
    const plan = await collect((onEvent) => stack.preview({ refresh: true, onEvent }));
    const preview = pendingItems(await collect((onEvent) => stack.preview({ onEvent })));
    const drifted = new Set(driftItems(refresh).map((item) => item.urn));
    expect(drifted.size).toBeGreaterThan(0);

    const attributed = pendingFromRefreshedPlan(plan, drifted);
    if ("attributed" in scenario.want) {
      expect(attributed).toEqual({ kind: "attributed", pending: expect.any(Array) as unknown });
      if (attributed.kind !== "attributed") return;
      expect(byUrn(attributed.pending)).toEqual(byUrn(preview));
      expect(pairs(preview)).toEqual(scenario.want.attributed);
    } else {
      expect(attributed.kind).toBe("ambiguous");
      if (attributed.kind !== "ambiguous") return;
      expect(attributed.reasons.map((reason) => reason.split(":")[0]).sort()).toEqual(scenario.want.ambiguous);
    }
  });
});

describe("detection with drift", () => {
  const detect = async (f: DeployedFixture) => {
    const [report] = await detectDrift({ config: await loadConfig(f.configPath, {}), pulumiCommand: engine.cli() });
    if (!report) throw new Error("no report");
    return report;
  };
  /** Deployed and checked once (the pending-check record says: no pending change), then changed. */
  const checkedThenChanged = async (scenario: Scenario) => {
    const f = await engine.deploy({ prod: {} });
    const first = await detect(f);
    expect(first.checks).toEqual({ pending: "checked", why: "no-record", pendingFrom: "preview" });
    expect(first.status).toBe("in-sync");
    await scenario.change(f, f.stacks.prod?.stack as Stack);
    return detect(f);
  };
  const named = (name: string) => scenarios.find((scenario) => scenario.name.startsWith(name)) as Scenario;

  it("with no pending check due, reads the pending changes off the plan: two engine calls", async () => {
    const report = await checkedThenChanged(named("drift only"));
    expect(report.engineOperations.map((op) => op.name)).toEqual(["preview-refresh", "preview --refresh"]);
    expect(report.checks).toEqual({ pending: "checked", why: "drift-found", pendingFrom: "plan" });
    expect(report.status).toBe("drifted");
    expect(report.drift.map((item) => item.name).sort()).toEqual(["prod-alb", "prod-alb-sg", "prod-app-tg"]);
    expect(report.plan.map((step) => [step.urn.split("::").pop(), step.op]).sort()).toEqual([
      ["prod-alb", "create-replacement"],
      ["prod-alb", "delete-replaced"],
      ["prod-alb", "replace"],
      ["prod-alb-sg", "update"],
      ["prod-app-tg", "create"],
    ]);
  });

  it("runs the plain preview as well when the plan cannot tell (a drifted secret), and uses its answer", async () => {
    const report = await checkedThenChanged(named("a secret changed"));
    expect(report.engineOperations.map((op) => op.name)).toEqual(["preview-refresh", "preview --refresh", "preview"]);
    expect(report.checks).toEqual({ pending: "checked", why: "drift-found", pendingFrom: "preview" });
    expect(report.status).toBe("drifted");
    expect(report.pending).toEqual([]);
  });

  it("when the code changed, previews it beside the refresh preview, then plans", async () => {
    const report = await checkedThenChanged(named("the code changes a resource that is gone"));
    expect(report.engineOperations.map((op) => op.name)).toEqual(["preview-refresh", "preview", "preview --refresh"]);
    expect(report.checks).toEqual({ pending: "checked", why: "drift-found", pendingFrom: "preview" });
    expect(report.pending).toContainEqual(
      expect.objectContaining({
        name: "prod-app-tg",
        op: "replace",
        properties: [{ path: "port", deployed: 8080, code: 9090 }],
      }),
    );
  });
});
