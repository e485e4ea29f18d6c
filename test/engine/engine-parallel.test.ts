// stacks[].engine.parallel reaches every engine operation of the stack: the refresh preview, the previews
// and the heal's up run with --parallel N. Counted on the real CLI's commands.
import { describe, expect, it } from "vitest";
import { addIngressRule } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { countingCli } from "../support/counting-cli.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();
const engineOperations = new Set(["preview", "refresh", "up"]);

describe("stacks[].engine.parallel", () => {
  it("runs detection and the heal with the engine's --parallel", async () => {
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const config = await loadConfig(f.configPath, {});
    const stacks = config.stacks.map((stack) => ({ ...stack, engine: { parallel: 3 } }));
    const { cli, commands } = countingCli(engine.cli());

    const [outcome] = await reconcile({ config: { ...config, stacks }, pulumiCommand: cli });

    expect(outcome?.outcome).toBe("healed");
    const operations = commands.filter((args) => engineOperations.has(args[0] ?? ""));
    expect(operations.map((args) => args[0])).toEqual(expect.arrayContaining(["preview", "refresh", "up"]));
    for (const args of operations) expect(args.join(" ")).toContain("--parallel 3");
  });

  it("leaves the engine's default alone when unset", async () => {
    const f = await engine.deploy({ prod: {} });
    const { cli, commands } = countingCli(engine.cli());
    const [outcome] = await reconcile({ config: await loadConfig(f.configPath, {}), pulumiCommand: cli });
    expect(outcome?.outcome).toBe("in-sync");
    expect(commands.filter((args) => args.includes("--parallel"))).toEqual([]);
  });
});
