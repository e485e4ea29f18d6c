// The reconciler on the real engine: the SSH-rule story, re-creating a deleted resource,
// and the secret that must never show.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { detectDrift, reconcile } from "../../reconciler/engine/run-stacks.js";
import { renderOutcomesMarkdown } from "../../reconciler/core/render-markdown.js";
import { renderTable } from "../../reconciler/core/render-table.js";
import {
  addIngressRule,
  changeProperty,
  deleteResource,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { listRecords } from "../../reconciler/demo/fixture-provider/cloud-store.js";
import type { DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();
let fixture: DeployedFixture;

describe("reconcile on the real engine", () => {
  it("detects the SSH rule on prod-alb-sg as drift, heals and verifies it, and leaves dev untouched", async () => {
    fixture = await engine.deploy({ dev: {}, prod: {} });
    const devBefore = listRecords(fixture.cloudDir, "securitygroup").filter((r) =>
      String(r["name"]).startsWith("dev-"),
    );
    addIngressRule(fixture.cloudDir, "prod-alb-sg");

    const outcomes = await reconcile({ config: await loadConfig(fixture.configPath, {}), pulumiCommand: engine.cli() });
    const prod = outcomes.find((o) => o.stack === "prod");
    const dev = outcomes.find((o) => o.stack === "dev");

    expect(prod?.report.status).toBe("drifted");
    expect(prod?.report.drift).toEqual([
      expect.objectContaining({
        name: "prod-alb-sg",
        type: "fixture:index:SecurityGroup",
        kind: "modified",
        properties: [{ path: "ingress[2]", cloud: sshFromAnywhere }],
      }),
    ]);
    expect(prod?.decision.action).toBe("heal");
    expect(prod?.outcome).toBe("healed");
    expect(prod?.verification?.status).toBe("in-sync");
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
      sshFromAnywhere,
    );

    expect(dev?.outcome).toBe("in-sync");
    expect(dev?.heal).toBeUndefined();
    // Never checked before: the program ran once to look for pending changes.
    expect(dev?.report.engineOperations.map((op) => op.name)).toEqual(["preview-refresh", "preview"]);
    expect(dev?.report.checks).toEqual({ pending: "checked", why: "no-record", pendingFrom: "preview" });
    const devAfter = listRecords(fixture.cloudDir, "securitygroup").filter((r) => String(r["name"]).startsWith("dev-"));
    expect(devAfter).toEqual(devBefore);
    // The heal involved no pending change: its verification is the refresh preview alone.
    // Never checked before either: the plain preview ran beside the refresh preview, then the plan.
    expect(prod?.report.checks).toEqual({ pending: "checked", why: "drift-found", pendingFrom: "preview" });
    expect(prod?.report.engineOperations.map((op) => op.name)).toEqual([
      "preview-refresh",
      "preview",
      "preview --refresh",
    ]);
    expect(prod?.verification?.engineOperations.map((op) => op.name)).toEqual(["preview-refresh"]);
    expect(prod?.verification?.checks).toEqual({ pending: "skipped" });

    // Next cycle, nothing changed: drift only, the program does not run.
    const again = await reconcile({ config: await loadConfig(fixture.configPath, {}), pulumiCommand: engine.cli() });
    for (const outcome of again) {
      expect(outcome.outcome).toBe("in-sync");
      expect(outcome.report.engineOperations.map((op) => op.name)).toEqual(["preview-refresh"]);
      expect(outcome.report.checks).toEqual({ pending: "cached", pendingCheckedAt: expect.any(String) as unknown });
    }
  });

  it("re-creates a resource deleted out of band", async () => {
    fixture = await engine.deploy({ prod: {} });
    deleteResource(fixture.cloudDir, "targetgroup", "prod-app-tg");

    const [outcome] = await reconcile({
      config: await loadConfig(fixture.configPath, {}),
      pulumiCommand: engine.cli(),
    });
    expect(outcome?.report.drift).toEqual([expect.objectContaining({ name: "prod-app-tg", kind: "deleted" })]);
    expect(outcome?.heal?.changes).toEqual({ create: 1 });
    expect(outcome?.outcome).toBe("healed");
    expect(getResource(fixture.cloudDir, "targetgroup", "prod-app-tg")).toBeDefined();
  });

  it("never shows a drifted secret's value in a report, Markdown or table", async () => {
    fixture = await engine.deploy({ prod: { policy: { mode: "detect" } } });
    const leaked = "hunter2-changed-in-the-console";
    changeProperty(fixture.cloudDir, "secret", "prod-db-credentials", "value", leaked);

    const config = await loadConfig(fixture.configPath, {});
    const [report] = await detectDrift({ config, pulumiCommand: engine.cli() });
    expect(report?.drift).toEqual([
      expect.objectContaining({
        name: "prod-db-credentials",
        properties: [{ path: "value", cloud: "[secret]", deployed: "[secret]" }],
      }),
    ]);
    const outcomes = await reconcile({ config, pulumiCommand: engine.cli() });
    const rendered = [
      JSON.stringify(report),
      JSON.stringify(outcomes),
      renderOutcomesMarkdown(outcomes),
      renderTable(outcomes),
    ].join("\n");
    expect(rendered).toContain("[secret]");
    expect(rendered).not.toContain(leaked);
    expect(rendered).not.toContain("fixture-prod-password");
  });
});
