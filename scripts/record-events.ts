// Records real engine event streams (fixture provider, real CLI) as JSON fixtures for
// the unit tests of the drift model: `npm run record:events` rewrites test/fixtures/events;
// `npm run record:events -- drift-apart` records only the scenarios named.
import type { EngineEvent, PulumiCommand, Stack } from "@pulumi/pulumi/automation/index.js";
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

/** Drift and code changes on the same resources: the pending changes need the plain preview. */
async function driftOverlapping(cli: PulumiCommand, dir: string): Promise<void> {
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
}

/**
 * Drift and code changes on different resources: the pending changes can be read off the plan.
 * Drift: an ingress rule added to the app's security group, a target group and a bucket deleted.
 * Code: the ALB's allowed CIDRs changed, two of three buckets removed (one already gone from the cloud).
 */
async function driftApart(cli: PulumiCommand, dir: string): Promise<void> {
  const { cloudDir, stacks } = await deployFixture(cli, { prod: { config: { extraResources: "3" } } }, { dir });
  const stack = stacks.prod?.stack as Stack;
  addIngressRule(cloudDir, "prod-app-sg");
  deleteResource(cloudDir, "targetgroup", "prod-app-tg");
  deleteResource(cloudDir, "bucket", "prod-bucket-1");
  await stack.setConfig("albIngressCidrs", { value: '["10.0.0.0/8"]' });
  await stack.setConfig("extraResources", { value: "1" });
  await record("apart-refresh", (onEvent) => stack.previewRefresh({ onEvent }));
  await record("apart-preview-refresh", (onEvent) => stack.preview({ refresh: true, onEvent }));
  await record("apart-preview", (onEvent) => stack.preview({ onEvent }));
}

const scenarios: Record<string, (cli: PulumiCommand, dir: string) => Promise<void>> = {
  "drift-overlapping": driftOverlapping,
  "drift-apart": driftApart,
};

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const cli = await getPulumiCli();
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in scenarios));
  if (unknown.length > 0)
    throw new Error(
      `record-events: unknown scenario ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}`,
    );
  for (const name of names.length > 0 ? names : Object.keys(scenarios)) {
    const dir = mkdtempSync(join(tmpdir(), "record-events-"));
    try {
      await scenarios[name]?.(cli, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exit(0);
}

await main();
