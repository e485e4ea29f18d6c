// A heal runs the update and nothing after it: no outputs read back (never with --show-secrets),
// no history entry fetched. What it changed comes from the engine's summary event, and matches
// the update's own entry in the stack's history. Counted on the real CLI's commands.
import { describe, expect, it } from "vitest";
import { addIngressRule, deleteResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { countingCli } from "../support/counting-cli.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

describe("the heal's update", () => {
  it("reads nothing back, and reports the changes the stack's history records for it", async () => {
    const f = await engine.deploy({ prod: { config: { extraResources: "1" } } });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    deleteResource(f.cloudDir, "bucket", "prod-bucket-0");
    const { cli, commands } = countingCli(engine.cli());

    const [outcome] = await reconcile({ config: await loadConfig(f.configPath, {}), pulumiCommand: cli });
    expect(outcome?.outcome).toBe("healed");
    expect(outcome?.heal?.changes).toEqual({ update: 1, create: 1 });

    const ups = commands.filter((args) => args[0] === "up");
    expect(ups).toHaveLength(1);
    expect(commands.filter((args) => args[0] === "stack" && ["output", "history"].includes(args[1] ?? ""))).toEqual([]);
    expect(commands.filter((args) => args.includes("--show-secrets"))).toEqual([]);

    const [last] = (await f.stacks.prod?.stack.history(1, 1, false)) ?? [];
    expect(last?.kind).toBe("update");
    const recorded = Object.fromEntries(Object.entries(last?.resourceChanges ?? {}).filter(([op]) => op !== "same"));
    expect(recorded).toEqual(outcome?.heal?.changes);
  });
});
