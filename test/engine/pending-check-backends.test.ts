// Two stacks of the same project and name on different backends (prod in two accounts) keep
// separate pending-check records: each takes the fast path once its own program has been checked.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { fixtureReconcilerConfig } from "../../reconciler/demo/fixture-reconciler.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { detectDrift } from "../../reconciler/engine/run-stacks.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

describe("pending-check records per backend", () => {
  it("checks each same-named stack once, then answers both from their own records", async () => {
    const a = await engine.deploy({ prod: {} });
    const b = await engine.deploy({ prod: {} });
    const stacks = [a, b].map((f) => {
      const [entry] = fixtureReconcilerConfig(f.dir, { prod: {} }).stacks as Array<Record<string, unknown>>;
      return { ...entry, workDir: join(f.dir, "project") };
    });
    const configPath = join(a.dir, "two-backends.yaml");
    writeFileSync(configPath, stringify({ concurrency: 1, stacks }));
    const config = await loadConfig(configPath, {});

    const first = await detectDrift({ config });
    expect(first.map((r) => r.checks?.pending)).toEqual(["checked", "checked"]);
    const second = await detectDrift({ config });
    expect(second.map((r) => [r.status, r.checks?.pending, r.engineOperations.map((op) => op.name)])).toEqual([
      ["in-sync", "cached", ["preview-refresh"]],
      ["in-sync", "cached", ["preview-refresh"]],
    ]);
  });
});
