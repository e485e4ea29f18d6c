// A long-running process opens each stack once: its cycles reuse the workspace instead of
// spawning `pulumi stack select` again (every engine call names its stack anyway). Counted on
// the real CLI's commands.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { stackCache } from "../../reconciler/engine/stack-cache.js";
import { countingCli as counting } from "../support/counting-cli.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";

const engine = fixtureLifecycle();

const selects = (commands: string[][]) => commands.filter((a) => a[0] === "stack" && a[1] === "select").length;

describe("stacks kept open across cycles", () => {
  it("select each stack once for three cycles, and every cycle still checks it", async () => {
    const f = await engine.deploy({ dev: {}, prod: {} });
    const config = await loadConfig(f.configPath, {});
    const { cli, commands } = counting(engine.cli());
    const cache = stackCache();
    for (let cycle = 1; cycle <= 3; cycle++) {
      const outcomes = await reconcile({ config, pulumiCommand: cli, stackCache: cache });
      expect(outcomes.map((o) => o.outcome)).toEqual(["in-sync", "in-sync"]);
    }
    expect(selects(commands)).toBe(2);
    // Two stacks, three cycles: six refresh previews.
    expect(commands.filter((a) => a[0] === "refresh" && a.includes("--preview-only"))).toHaveLength(6);

    const { cli: fresh, commands: each } = counting(engine.cli());
    await reconcile({ config, pulumiCommand: fresh });
    await reconcile({ config, pulumiCommand: fresh });
    expect(selects(each)).toBe(4);
  });
});
