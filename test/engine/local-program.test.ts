// A Pulumi YAML stack run as a local program (no `program` in reconciler.yaml): the engine
// starts the project's language host (pulumi-language-yaml, provided by `npm run setup`) from
// Pulumi.yaml's runtime. Every reconcile path the inline stacks have: detect, heal, verify,
// heal with `pendingChanges: exclude` (an `up --target`), busy, and a secret that never shows;
// one reconciler.yaml mixing an inline TypeScript stack and a local YAML stack; and the CLI:
// a stop during the heal, and the config check for a language host that is not installed.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { detectDrift, reconcile } from "../../reconciler/engine/run-stacks.js";
import { renderOutcomesMarkdown } from "../../reconciler/core/render-markdown.js";
import {
  addIngressRule,
  changeProperty,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { runCli, startCli } from "../support/run-cli.js";

const engine = fixtureLifecycle();
const yamlProd = { prod: { language: "yaml" as const } };

async function reconcileAll(f: DeployedFixture) {
  return reconcile({ config: await loadConfig(f.configPath, {}), pulumiCommand: engine.cli() });
}

const ingressOf = (f: DeployedFixture, name: string) => getResource(f.cloudDir, "securitygroup", name)?.["ingress"];

describe("a YAML stack as a local program", () => {
  it("detects the SSH rule as drift without changing anything, then heals it with up and verifies", async () => {
    const f = await engine.deploy(yamlProd);
    const config = await loadConfig(f.configPath, {});
    // No program: loading found the project's runtime and its language host.
    expect(config.stacks[0]?.programRef).toBeUndefined();
    expect(config.stacks[0]?.project).toBe("drift-fixture-yaml");
    expect(parse(readFileSync(join(f.dir, "project-yaml", "Pulumi.yaml"), "utf8"))).toMatchObject({ runtime: "yaml" });
    const inSync = await detectDrift({ config, pulumiCommand: engine.cli() });
    expect(inSync.map((r) => [r.status, r.resourceCount])).toEqual([["in-sync", 5]]);

    addIngressRule(f.cloudDir, "prod-alb-sg");
    const [report] = await detectDrift({ config, pulumiCommand: engine.cli() });
    expect(report?.project).toBe("drift-fixture-yaml");
    expect(report?.status).toBe("drifted");
    expect(report?.drift).toEqual([
      expect.objectContaining({
        name: "alb-sg",
        type: "fixture:index:SecurityGroup",
        kind: "modified",
        properties: [{ path: "ingress[1]", cloud: sshFromAnywhere }],
      }),
    ]);
    expect(ingressOf(f, "prod-alb-sg")).toContainEqual(sshFromAnywhere);

    const [outcome] = await reconcileAll(f);
    expect(outcome?.decision.action).toBe("heal");
    expect(outcome?.heal?.changes).toEqual({ update: 1 });
    expect(outcome?.outcome).toBe("healed");
    expect(outcome?.verification?.status).toBe("in-sync");
    expect(ingressOf(f, "prod-alb-sg")).not.toContainEqual(sshFromAnywhere);
  });

  it("with a pending code change and exclude, heals only the drifted resource (up --target)", async () => {
    const f = await engine.deploy(yamlProd);
    // A code change: a new resource in the program.
    const projectFile = join(f.dir, "project-yaml", "Pulumi.yaml");
    const project = parse(readFileSync(projectFile, "utf8")) as { resources: Record<string, unknown> };
    project.resources["logs"] = { type: "fixture:index:Bucket", properties: { name: "prod-logs" } };
    writeFileSync(projectFile, stringify(project));
    addIngressRule(f.cloudDir, "prod-alb-sg");

    const [outcome] = await reconcileAll(f);
    expect(outcome?.report.status).toBe("drifted+pending");
    expect(outcome?.report.pending).toEqual([expect.objectContaining({ name: "logs", op: "create" })]);
    expect(outcome?.decision).toMatchObject({ action: "heal", targets: [outcome?.report.drift[0]?.urn] });
    expect(outcome?.outcome).toBe("healed");
    expect(outcome?.verification?.status).toBe("pending");
    expect(ingressOf(f, "prod-alb-sg")).not.toContainEqual(sshFromAnywhere);
    expect(getResource(f.cloudDir, "bucket", "prod-logs")).toBeUndefined();
  });

  it("is busy, not healed and not an error, while another update holds the stack's lock", async () => {
    const f = await engine.deploy(yamlProd);
    addIngressRule(f.cloudDir, "prod-alb-sg");
    // The lock another `pulumi up` holds on a self-managed backend, as the engine writes it.
    const locks = join(f.dir, "state-prod", ".pulumi", "locks", "organization", "drift-fixture-yaml", "prod");
    mkdirSync(locks, { recursive: true });
    const holder = { pid: 4242, username: "ops", hostname: `${hostname()}-other`, timestamp: new Date().toISOString() };
    writeFileSync(join(locks, `${randomUUID()}.json`), JSON.stringify(holder));

    const [outcome] = await reconcileAll(f);
    expect(outcome?.report.status).toBe("drifted");
    expect(outcome?.heal?.failure).toBe("busy");
    expect(outcome?.outcome).toBe("busy");
    expect(ingressOf(f, "prod-alb-sg")).toContainEqual(sshFromAnywhere);
  });

  it("keeps the stack's secret config out of every report, also when the secret drifts", async () => {
    const f = await engine.deploy({ prod: { language: "yaml", policy: { mode: "detect" } } });
    const leaked = "hunter2-changed-in-the-console";
    changeProperty(f.cloudDir, "secret", "prod-db-credentials", "value", leaked);
    const outcomes = await reconcileAll(f);
    expect(outcomes[0]?.report.drift).toEqual([
      expect.objectContaining({
        name: "db-credentials",
        properties: [{ path: "value", cloud: "[secret]", deployed: "[secret]" }],
      }),
    ]);
    const rendered = `${JSON.stringify(outcomes)}\n${renderOutcomesMarkdown(outcomes)}`;
    expect(rendered).not.toContain(leaked);
    expect(rendered).not.toContain("fixture-prod-password");
  });
});

describe("one reconciler.yaml with an inline TypeScript stack and a local YAML stack", () => {
  it("detects, heals and verifies both in one run", async () => {
    const f = await engine.deploy({ dev: {}, prod: { language: "yaml" } });
    const entries = (parse(readFileSync(f.configPath, "utf8")) as { stacks: Array<Record<string, unknown>> }).stacks;
    expect(entries.map((s) => [s["name"], s["workDir"], typeof s["program"]])).toEqual([
      ["dev", "./project", "string"],
      ["prod", "./project-yaml", "undefined"],
    ]);
    addIngressRule(f.cloudDir, "dev-alb-sg");
    addIngressRule(f.cloudDir, "prod-alb-sg");

    const outcomes = await reconcileAll(f);
    expect(outcomes.map((o) => [o.project, o.stack, o.report.status, o.outcome, o.verification?.status])).toEqual([
      ["drift-fixture", "dev", "drifted", "healed", "in-sync"],
      ["drift-fixture-yaml", "prod", "drifted", "healed", "in-sync"],
    ]);
    expect(ingressOf(f, "dev-alb-sg")).not.toContainEqual(sshFromAnywhere);
    expect(ingressOf(f, "prod-alb-sg")).not.toContainEqual(sshFromAnywhere);
  });

  it("is what fixtureReconcilerConfig writes for such a pair: the YAML stack names no program", () => {
    const config = fixtureReconcilerConfig("/tmp/x", { dev: {}, prod: { language: "yaml" } }) as {
      stacks: Array<Record<string, unknown>>;
    };
    expect(config.stacks[1]).not.toHaveProperty("program");
    expect(config.stacks[0]?.["program"]).toMatch(/program\.ts#fixtureProgram$/);
  });
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the reconciler CLI on a local YAML stack", () => {
  it("stops cleanly on SIGTERM during the heal, leaving no lock behind and the stack usable", async () => {
    const f = await engine.deploy(yamlProd);
    addIngressRule(f.cloudDir, "prod-alb-sg");
    const locks = join(f.dir, "state-prod", ".pulumi", "locks");
    const { proc, done } = startCli(["reconcile", "--config", f.configPath]);
    const deadline = Date.now() + 120_000;
    while (filesUnder(locks).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(filesUnder(locks).length).toBeGreaterThan(0);
    proc.kill("SIGTERM");
    const result = await done;
    expect(result.stderr).toMatch(/SIGTERM: cancelling/);
    expect(filesUnder(locks)).toEqual([]);

    const again = await runCli(["reconcile", "--config", f.configPath]);
    // Healed now, or (when the stop came after the cloud write) already in sync.
    expect(again.stdout).toMatch(/drift-fixture-yaml\/prod\s+(drifted\s+1\s+0\s+healed|in-sync)/);
    expect(again.code).toBe(0);
    expect(ingressOf(f, "prod-alb-sg")).not.toContainEqual(sshFromAnywhere);
  });

  it("exits 1 before any engine work when the project's language host is not installed, naming the key", async () => {
    const f = await engine.deploy({});
    const project = join(f.dir, "project-cobol");
    mkdirSync(project);
    writeFileSync(join(project, "Pulumi.yaml"), "name: ledger\nruntime: cobol\n");
    writeFileSync(f.configPath, stringify({ stacks: [{ name: "prod", workDir: project, backend: "file:///none" }] }));
    const result = await runCli(["detect", "--config", f.configPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${f.configPath}: stacks[0].program: not set, so the project's own program runs through its language host: ` +
        `runtime "cobol" (${join(project, "Pulumi.yaml")}) needs pulumi-language-cobol, which is not installed`,
    );
  });
});
