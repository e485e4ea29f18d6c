// The prod fixture stack with its state in S3 (moto's local server), like one state bucket per env.
import { ConcurrentUpdateError, type PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureStack, type FixtureStack } from "../../reconciler/demo/fixture-stack.js";
import { startMotoServer, type MotoServer } from "../support/moto-server.js";
import { collect, stepsByName } from "../support/engine-events.js";
import { upWhileAnotherRuns } from "../support/concurrent-ups.js";

let cli: PulumiCommand;
let base: string;
let moto: MotoServer;
let prod: FixtureStack;

beforeAll(async () => {
  cli = await getPulumiCli();
  moto = await startMotoServer();
  await moto.createBucket("prod-state");
  base = mkdtempSync(join(tmpdir(), "engine-s3-"));
  prod = await fixtureStack({
    env: "prod",
    baseDir: base,
    pulumiCommand: cli,
    backendUrl: moto.backendUrl("prod-state"),
    extraEnv: moto.env,
  });
});
afterAll(async () => {
  await moto?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe("an s3:// state backend served by a local S3-compatible server", () => {
  it("keeps the stack's state in the bucket", async () => {
    await prod.stack.up();
    const listing = await (await fetch(`${moto.endpoint}/prod-state?list-type=2`)).text();
    expect(listing).toContain(".pulumi/stacks/drift-fixture/prod.json");
  });

  it("detects, heals and verifies an out-of-band SSH rule the same as on file://", async () => {
    addIngressRule(prod.cloudDir, "prod-alb-sg");
    const { events, onEvent } = collect();
    await prod.stack.previewRefresh({ onEvent });
    expect(stepsByName(events).get("prod-alb-sg")?.op).toBe("update");

    await prod.stack.up({ refresh: true });
    expect(getResource(prod.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(sshFromAnywhere);
    const after = await prod.stack.previewRefresh();
    expect(Object.keys(after.changeSummary).filter((op) => op !== "same")).toEqual([]);
  });

  it("locks the stack: an up started while another runs gets ConcurrentUpdateError", async () => {
    const second = await fixtureStack({
      env: "prod",
      baseDir: base,
      pulumiCommand: cli,
      backendUrl: moto.backendUrl("prod-state"),
      extraEnv: moto.env,
    });
    addIngressRule(prod.cloudDir, "prod-alb-sg");
    const [first, other] = await upWhileAnotherRuns(prod.stack, second.stack);
    expect(first.status).toBe("fulfilled");
    expect(other.status === "rejected" ? other.reason : other).toBeInstanceOf(ConcurrentUpdateError);
    const after = await prod.stack.previewRefresh();
    expect(Object.keys(after.changeSummary).filter((op) => op !== "same")).toEqual([]);
  });
});
