// Opening a stack spawns nothing: no `pulumi stack select`, since every command the Automation API
// runs names its stack (`--stack`); a long-running process keeps its stacks open across cycles,
// and an unknown stack is still an error that says what to check. Counted on the real CLI's commands.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { fixtureReconcilerConfig } from "../../reconciler/demo/fixture-reconciler.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { stackCache } from "../../reconciler/engine/stack-cache.js";
import { countingCli } from "../support/counting-cli.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

const selects = (commands: string[][]) => commands.filter((a) => a[0] === "stack" && a[1] === "select");
const stackNamed = (args: string[]) => args[args.indexOf("--stack") + 1];

describe("opening stacks", () => {
  it("spawns no stack select, in a service's cycles or in one-off runs, and every command names its stack", async () => {
    const f = await engine.deploy({ dev: {}, prod: {} });
    const config = await loadConfig(f.configPath, {});
    const { cli, commands } = countingCli(engine.cli());
    const cache = stackCache();
    for (let cycle = 1; cycle <= 3; cycle++) {
      const outcomes = await reconcile({ config, pulumiCommand: cli, stackCache: cache });
      expect(outcomes.map((o) => o.outcome)).toEqual(["in-sync", "in-sync"]);
    }
    await reconcile({ config, pulumiCommand: cli });
    expect(selects(commands)).toEqual([]);
    // Two stacks, four cycles: eight refresh previews, each naming its stack.
    const refreshes = commands.filter((a) => a[0] === "refresh" && a.includes("--preview-only"));
    expect(refreshes.map(stackNamed).sort()).toEqual(["dev", "dev", "dev", "dev", "prod", "prod", "prod", "prod"]);
    expect(commands.filter((a) => !a.includes("--stack"))).toEqual([]);
  });

  it("a stack missing from its backend is an error naming what to check, and the next cycle looks again", async () => {
    const f = await engine.deploy({ prod: {} });
    const config = fixtureReconcilerConfig(f.dir, { prod: {} }) as { stacks: Array<Record<string, unknown>> };
    config.stacks.push({ ...config.stacks[0], name: "qa" });
    writeFileSync(f.configPath, stringify(config));
    const cache = stackCache();
    for (let cycle = 1; cycle <= 2; cycle++) {
      const outcomes = await reconcile({
        config: await loadConfig(f.configPath, {}),
        pulumiCommand: engine.cli(),
        stackCache: cache,
      });
      expect(outcomes.map((o) => [o.stack, o.outcome])).toEqual([
        ["prod", "in-sync"],
        ["qa", "error"],
      ]);
      expect(outcomes[1]?.report.error).toBe(
        "stack not found on its backend: check the stack name and backend URL (the reconciler never creates stacks)",
      );
    }
  });
});
