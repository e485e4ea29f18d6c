// Detection runs the program only when its answer can matter, on the real engine: a changed
// program file is checked at once; a change only an external input of the program makes is
// found when policy.pendingCheckEvery says the check is due; in between, the refresh preview
// alone answers and the report says since when the cached answer holds.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { fixtureProjectSource } from "../../reconciler/demo/fixture-project.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import type { DriftReport } from "../../reconciler/core/drift-report.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { runCli } from "../support/run-cli.js";

const engine = fixtureLifecycle();
const resources = resolve(fixtureProjectSource, "..", "fixture-provider", "resources.ts");

/** The fixture program plus a bucket tagged from a file outside the project (external data). */
function writeProgram(f: DeployedFixture, team: string): string {
  const path = join(f.dir, "wrapper", "program.ts");
  mkdirSync(join(f.dir, "wrapper"), { recursive: true });
  // An ES module, like the fixture program it imports (a user's program has its own package.json).
  writeFileSync(join(f.dir, "wrapper", "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    path,
    [
      `import { readFileSync } from "node:fs";`,
      `import { fixtureProgram } from ${JSON.stringify(resolve(fixtureProjectSource, "program.ts"))};`,
      `import { Bucket } from ${JSON.stringify(resources)};`,
      `export function program() {`,
      `  const outputs = fixtureProgram();`,
      `  const owner = readFileSync(${JSON.stringify(join(f.dir, "external", "owner.txt"))}, "utf8").trim();`,
      `  new Bucket("prod-extra", { name: "prod-extra", tags: { Owner: owner, Team: ${JSON.stringify(team)} } });`,
      `  return outputs;`,
      `}`,
    ].join("\n"),
  );
  return path;
}

function setOwner(f: DeployedFixture, owner: string): void {
  mkdirSync(join(f.dir, "external"), { recursive: true });
  writeFileSync(join(f.dir, "external", "owner.txt"), owner);
}

function configure(f: DeployedFixture, program: string, policy: Record<string, unknown>): void {
  const config = fixtureReconcilerConfig(f.dir, { prod: { policy } }) as { stacks: Array<Record<string, unknown>> };
  for (const stack of config.stacks) stack["program"] = `${program}#program`;
  writeFileSync(f.configPath, stringify(config));
}

async function cycle(f: DeployedFixture) {
  const [outcome] = await reconcile({ config: await loadConfig(f.configPath, {}), pulumiCommand: engine.cli() });
  if (!outcome) throw new Error("no outcome");
  return outcome;
}

const operations = (o: { report: { engineOperations: Array<{ name: string }> } }) =>
  o.report.engineOperations.map((op) => op.name);

/** Deploys the wrapper's bucket through the reconciler (pending changes included), then blocks them. */
async function deployWrapper(f: DeployedFixture, every: number) {
  setOwner(f, "platform");
  const program = writeProgram(f, "infra");
  configure(f, program, { mode: "heal", pendingChanges: "include" });
  const deployed = await cycle(f);
  expect(deployed.outcome).toBe("healed");
  configure(f, program, { mode: "heal", pendingChanges: "block", pendingCheckEvery: every });
  return program;
}

describe("the pending check", () => {
  it("is skipped while nothing changed, and runs at once when the program file changes", async () => {
    const f = await engine.deploy({ prod: {} });
    await deployWrapper(f, 100);
    const quiet = await cycle(f);
    expect(quiet.outcome).toBe("in-sync");
    expect(operations(quiet)).toEqual(["preview-refresh"]);
    expect(quiet.report.checks).toMatchObject({ pending: "cached" });

    // A new process, as a scheduled run or a restarted service would load the changed program.
    writeProgram(f, "payments");
    const result = await runCli(["detect", "--config", f.configPath, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    const [changed] = JSON.parse(result.stdout) as DriftReport[];
    expect(changed?.engineOperations.map((op) => op.name)).toEqual(["preview-refresh", "preview"]);
    expect(changed?.checks).toEqual({ pending: "checked", why: "program-changed", pendingFrom: "preview" });
    expect(changed?.status).toBe("pending");
    expect(changed?.pending).toEqual([
      expect.objectContaining({
        name: "prod-extra",
        op: "update",
        properties: [expect.objectContaining({ path: "tags.Team" })],
      }),
    ]);
  });

  it("finds a change only external data makes once the check is due (pendingCheckEvery: 3)", async () => {
    const f = await engine.deploy({ prod: {} });
    await deployWrapper(f, 3);
    const first = await cycle(f);
    expect(first.report.checks).toMatchObject({ pending: "cached" });

    setOwner(f, "someone-else");
    // Not due yet: the cached answer stands, and the report says since when.
    const second = await cycle(f);
    expect(second.report.status).toBe("in-sync");
    expect(second.report.checks).toEqual({
      pending: "cached",
      pendingCheckedAt: first.report.checks?.pendingCheckedAt,
    });

    const third = await cycle(f);
    expect(third.report.checks).toEqual({ pending: "checked", why: "due", pendingFrom: "preview" });
    expect(third.report.pending).toEqual([
      expect.objectContaining({ name: "prod-extra", properties: [expect.objectContaining({ path: "tags.Owner" })] }),
    ]);
  });
});
