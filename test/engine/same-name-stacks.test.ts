// Two stacks named prod in two projects (drift-fixture and a copy of it named network) on one
// backend, each on its own fixture cloud, run by the service's cycle on the real engine with the
// local trail: each is detected, healed, held, shown and counted as itself, never as the other.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { stringify } from "yaml";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuditTrail } from "../../reconciler/audit/audit-trail.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureProjectSource, prepareFixtureProject } from "../../reconciler/demo/fixture-project.js";
import { fixturePassphrase, fixtureTarget } from "../../reconciler/demo/fixture-stack.js";
import { openStack } from "../../reconciler/engine/stack-workspace.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { statusQueryOf, statusViewOf } from "../../reconciler/core/status-view.js";
import { createLogger } from "../../reconciler/service/logger.js";
import { createMetrics } from "../../reconciler/service/metrics.js";
import { createServiceCycle } from "../../reconciler/service/service-cycle.js";
import { renderStatusPage } from "../../reconciler/service/status-page.js";
import { runCli } from "../support/run-cli.js";

let cli: PulumiCommand;
const dirs: string[] = [];
beforeAll(async () => {
  cli = await getPulumiCli();
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ts = "drift-fixture";
const net = "network";

/** Both prod stacks deployed on one file:// backend, each with its own cloud, and their reconciler.yaml. */
async function twoProds() {
  const dir = mkdtempSync(join(tmpdir(), "same-name-stacks-"));
  dirs.push(dir);
  const clouds = { [ts]: join(dir, "cloud-ts"), [net]: join(dir, "cloud-network") };
  const { target } = fixtureTarget({ env: "prod", baseDir: dir, cloudDir: clouds[ts] });
  // The same program in a second project: its own folder, its Pulumi.yaml naming it network.
  const networkDir = prepareFixtureProject(join(dir, "project-network"));
  for (const file of ["Pulumi.yaml", "Pulumi.prod.yaml"].map((name) => join(networkDir, name))) {
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^name: .*$/m, `name: ${net}`).replaceAll(`${ts}:`, `${net}:`));
  }
  const network = {
    ...target,
    project: net,
    workDir: networkDir,
    env: { ...target.env, FIXTURE_CLOUD_DIR: clouds[net] },
  };
  for (const each of [target, network]) await (await openStack(each, cli, { create: true })).up();
  const entry = (workDir: string, cloudDir: string) => ({
    name: "prod",
    workDir,
    program: `${resolve(fixtureProjectSource, "program.ts")}#fixtureProgram`,
    backend: target.backendUrl,
    env: { PULUMI_CONFIG_PASSPHRASE: fixturePassphrase, FIXTURE_CLOUD_DIR: cloudDir },
    production: true,
    policy: { mode: "heal", pendingChanges: "exclude" },
  });
  const configPath = join(dir, "reconciler.yaml");
  const stacks = [entry("./project", clouds[ts]), entry("./project-network", clouds[net])];
  writeFileSync(configPath, stringify({ concurrency: 2, stacks }));
  return { dir, configPath, clouds };
}

async function serviceCycle(configPath: string) {
  const config = await loadConfig(configPath, {});
  const metrics = createMetrics();
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const cycle = createServiceCycle({
    config,
    stacks: config.stacks,
    audit: createAuditTrail(config, { env: {} }),
    metrics,
    logger: createLogger({ destination: quiet, pretty: false }),
    now: () => new Date(),
    env: {},
    pulumiCommand: cli,
  });
  return { cycle, metrics };
}

const ssh = (cloudDir: string) => getResource(cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];

describe("two stacks named prod in two projects", () => {
  it("are reconciled, held, shown and counted each as itself", async () => {
    const f = await twoProds();
    const { cycle, metrics } = await serviceCycle(f.configPath);
    expect(cycle.latest().map((s) => s.key)).toEqual([`${ts}/prod`, `${net}/prod`]);

    // Only the TypeScript project's prod drifts: it alone is healed.
    addIngressRule(f.clouds[ts], "prod-alb-sg");
    const first = await cycle.run(new AbortController().signal, "manual");
    expect(first.outcomes.map((o) => [o.project, o.stack, o.report.status, o.outcome])).toEqual([
      [ts, "prod", "drifted", "healed"],
      [net, "prod", "in-sync", "in-sync"],
    ]);
    expect(cycle.latest().map((s) => [s.key, s.outcome?.outcome, s.issue?.number])).toEqual([
      [`${ts}/prod`, "healed", 1],
      [`${net}/prod`, "in-sync", undefined],
    ]);
    const counted = await metrics.registry.metrics();
    expect(counted).toMatch(new RegExp(`drift_reconciler_heals_total\\{project="${ts}",stack="prod"\\} 1`));
    expect(counted).not.toMatch(new RegExp(`drift_reconciler_heals_total\\{project="${net}"`));

    // A bare name two projects use is refused, listing both; project/stack holds one of them.
    const ambiguous = await runCli(["hold", "-c", f.configPath, "--stack", "prod", "--for", "1h"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(`--stack prod: 2 stacks are named "prod" (${ts}/prod, ${net}/prod)`);
    const held = await runCli(["hold", "-c", f.configPath, "--stack", `${net}/prod`, "--for", "1h", "--by", "ops"]);
    expect(held.stderr).toBe("");
    expect(held.stdout).toMatch(new RegExp(`^${net}/prod: on hold by ops until`));

    // Both drift now: the held one is reported and left alone, the other healed again.
    addIngressRule(f.clouds[ts], "prod-alb-sg");
    addIngressRule(f.clouds[net], "prod-alb-sg");
    const second = await cycle.run(new AbortController().signal, "manual");
    expect(second.outcomes.map((o) => [o.project, o.outcome, o.decision.action])).toEqual([
      [ts, "healed", "heal"],
      [net, "reported", "report"],
    ]);
    expect(second.outcomes[1]?.decision).toMatchObject({ guard: "on-hold", heldBy: "ops" });
    expect(ssh(f.clouds[ts])).not.toContainEqual(sshFromAnywhere);
    expect(ssh(f.clouds[net])).toContainEqual(sshFromAnywhere);

    const view = statusViewOf({ stacks: cycle.latest(), severity: [], ready: { ready: true, reason: "ok" } });
    const page = renderStatusPage(view, statusQueryOf(new URLSearchParams()));
    expect(page).toMatch(new RegExp(`data-stack="${ts}/prod"[^]*?class="badge ok">healed<`));
    expect(page).toMatch(new RegExp(`data-stack="${net}/prod"[^]*?on-hold · held by ops`));
  });

  it("in two folders holding one project are one stack twice: the config check refuses the second", async () => {
    const dir = mkdtempSync(join(tmpdir(), "same-name-stacks-"));
    dirs.push(dir);
    const program = `${resolve(fixtureProjectSource, "program.ts")}#fixtureProgram`;
    for (const folder of ["a", "b"]) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    }
    const stack = (workDir: string) => ({ name: "prod", workDir, program, backend: "file:///state" });
    const configPath = join(dir, "reconciler.yaml");
    writeFileSync(configPath, stringify({ stacks: [stack("./a"), stack("./b")] }));
    await expect(loadConfig(configPath, {})).rejects.toThrow(
      `${configPath}: stacks[1].name: duplicate stack "prod" of project shop on backend file:///state (already stacks[0])`,
    );
  });
});
