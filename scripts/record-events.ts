// Records real engine event streams (fixture provider, real CLI) as JSON fixtures for
// the unit tests of the drift model: `npm run record:events` rewrites test/fixtures/events.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation/index.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPulumiCli, repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { addIngressRule, changeProperty, deleteResource } from "../reconciler/demo/fixture-provider/out-of-band.js";
import { deployFixture } from "../reconciler/demo/fixture-reconciler.js";

const outDir = join(repoRoot, "test", "fixtures", "events");

async function record(name: string, run: (onEvent: (e: EngineEvent) => void) => Promise<unknown>): Promise<void> {
  const events: EngineEvent[] = [];
  await run((e) => events.push(e));
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(events, null, 1)}\n`);
  console.log(`recorded ${name}: ${events.length} events`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const cli = await getPulumiCli();
  const dir = mkdtempSync(join(tmpdir(), "record-events-"));
  try {
    const { cloudDir, stacks } = await deployFixture(cli, { prod: {} }, { dir });
    const stack = stacks.prod?.stack as Stack;
    await record("in-sync-preview-refresh", (onEvent) => stack.preview({ refresh: true, onEvent }));

    addIngressRule(cloudDir, "prod-alb-sg");
    changeProperty(cloudDir, "secret", "prod-db-credentials", "value", "value-changed-out-of-band");
    deleteResource(cloudDir, "targetgroup", "prod-app-tg");
    changeProperty(cloudDir, "loadbalancer", "prod-alb", "internal", true);
    await stack.setConfig("extraResources", { value: "1" });
    await stack.setConfig("appPort", { value: "9090" });
    await record("drift-refresh", (onEvent) => stack.previewRefresh({ onEvent }));
    await record("drift-preview-refresh", (onEvent) => stack.preview({ refresh: true, onEvent }));
    await record("pending-preview", (onEvent) => stack.preview({ onEvent }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

await main();
