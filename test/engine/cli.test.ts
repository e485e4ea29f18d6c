// The `reconciler` command as users and CI run it: exit codes, output formats, bad
// config, and a clean stop on SIGTERM.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPulumiCli, repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { shardOf } from "../../reconciler/core/shard.js";
import type { DriftReport } from "../../reconciler/core/drift-report.js";
import {
  addIngressRule,
  changeProperty,
  getResource,
  sshFromAnywhere,
} from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixturePassphrase } from "../../reconciler/demo/fixture-stack.js";
import { deployFixture, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { runCli, startCli } from "../support/run-cli.js";

let cli: PulumiCommand;
let fixture: DeployedFixture;
beforeAll(async () => {
  cli = await getPulumiCli();
  fixture = await deployFixture(cli, { dev: {}, prod: {} });
});
afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("reconciler detect", () => {
  it("exits 0 when every stack is in sync", async () => {
    const result = await runCli(["detect", "--config", fixture.configPath]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/drift-fixture\/prod\s+in-sync/);
  });

  it("exits 2 on drift and prints the DriftReport array with --json", async () => {
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const result = await runCli(["detect", "--config", fixture.configPath, "--json"]);
    expect(result.code).toBe(2);
    const reports = JSON.parse(result.stdout) as DriftReport[];
    expect(reports.map((r) => [r.stack, r.status])).toEqual([
      ["dev", "in-sync"],
      ["prod", "drifted"],
    ]);
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).toContainEqual(sshFromAnywhere);
  });

  it("exits 1 when a stack does not exist on its backend, and still reports the other", async () => {
    const config = join(fixture.dir, "missing-stack.yaml");
    const text = (await import("node:fs"))
      .readFileSync(fixture.configPath, "utf8")
      .replace("name: dev", "name: staging");
    writeFileSync(config, text);
    const result = await runCli(["detect", "--config", config, "--markdown"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/drift-fixture\/prod: drifted/);
    // The error row names the project, filled in from Pulumi.yaml when the config has none.
    expect(result.stdout).toMatch(/drift-fixture\/staging: error/);
    expect(result.stdout).toMatch(/stack not found/);
  });
});

describe("reconciler reconcile", () => {
  it("heals the drift, verifies it and exits 0", async () => {
    const result = await runCli(["reconcile", "--config", fixture.configPath, "--stack", "prod"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/drift-fixture\/prod\s+drifted\s+1\s+0\s+healed/);
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
      sshFromAnywhere,
    );
  });

  it("with LOG_LEVEL=debug logs each engine operation with its duration and the decision, and no secret", async () => {
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const leaked = "console-typed-db-password";
    changeProperty(fixture.cloudDir, "secret", "prod-db-credentials", "value", leaked);
    const env = { ...process.env, LOG_LEVEL: "debug" };
    const result = await runCli(["reconcile", "--config", fixture.configPath, "--stack", "prod"], env);
    expect(result.code).toBe(0);
    const lines = result.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const finished = lines.filter((l) => l["msg"] === "engine operation finished");
    expect(finished.map((l) => l["operation"])).toEqual(
      expect.arrayContaining(["preview --refresh", "preview-refresh", "preview", "up --refresh"]),
    );
    expect(finished.every((l) => typeof l["durationMs"] === "number" && l["stack"] === "prod")).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "decision", action: "heal", level: 30 }));
    for (const secret of [leaked, fixturePassphrase, "fixture-prod-password"])
      expect(result.stderr).not.toContain(secret);
  });

  it("logs nothing on stderr by default when the stacks are in sync", async () => {
    const result = await runCli(["reconcile", "--config", fixture.configPath, "--stack", "prod"]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/^\{/m);
  });

  it("moves a journal record of the wrong shape aside with a warning, and still reconciles every stack", async () => {
    const auditDir = join(fixture.dir, ".reconciler");
    mkdirSync(auditDir, { recursive: true });
    appendFileSync(join(auditDir, "journal.jsonl"), '{"t":"event"}\n');
    const result = await runCli(["reconcile", "--config", fixture.configPath]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("1 unreadable or wrongly shaped line(s) moved to journal-corrupt.jsonl");
    expect(readFileSync(join(auditDir, "journal-corrupt.jsonl"), "utf8")).toBe('{"t":"event"}\n');
  });

  it("stops cleanly on SIGTERM during a heal, leaving no lock behind", async () => {
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const locks = join(fixture.dir, "state-prod", ".pulumi", "locks");
    const { proc, done } = startCli(["reconcile", "--config", fixture.configPath, "--stack", "prod"]);
    const deadline = Date.now() + 60_000;
    while (filesUnder(locks).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(filesUnder(locks).length).toBeGreaterThan(0);
    proc.kill("SIGTERM");
    const result = await done;
    expect(result.stderr).toMatch(/SIGTERM: cancelling/);
    expect(result.code).not.toBeNull();
    expect(filesUnder(locks)).toEqual([]);
    const after = await fixture.stacks.prod?.stack.up({ refresh: true });
    expect(after?.summary.result).toBe("succeeded");
  });
});

describe("sharding and listing", () => {
  it("--shard keeps the stacks whose name hashes to the shard, and a shard that owns none checks none", async () => {
    const owner = (name: string) => shardOf(name, 2);
    for (const index of [0, 1]) {
      const result = await runCli(["detect", "--config", fixture.configPath, "--shard", `${index}/2`, "--json"]);
      const checked = (JSON.parse(result.stdout) as DriftReport[]).map((r) => r.stack);
      expect(checked).toEqual(["dev", "prod"].filter((name) => owner(name) === index));
    }
  });

  it("lists the repository's stacks as JSON without any credentials in the environment", async () => {
    const env = { ...process.env };
    for (const name of ["PULUMI_CONFIG_PASSPHRASE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN"])
      delete env[name];
    const result = await runCli(["stacks", "--json", "--config", join(repoRoot, "reconciler.yaml")], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(["dev", "prod"]);
  });
});

describe("bad input", () => {
  const bad = (name: string, text: string) => {
    const path = join(fixture.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const stack = `stacks:\n  - name: prod\n    program: p.ts#program\n    backend: file:///tmp/x\n`;

  it("an unknown key exits 1 naming the key and the allowed ones", async () => {
    const result = await runCli(["detect", "--config", bad("unknown.yaml", `${stack}concurency: 2\n`)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown key "concurency"/);
    expect(result.stderr).toMatch(/concurrency/);
  });

  it("a bad cron expression exits 1 naming its key", async () => {
    const result = await runCli([
      "detect",
      "--config",
      bad("cron.yaml", `${stack}freezeWindows:\n  - { cron: "every friday", duration: 2d }\n`),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/freezeWindows\[0\]\.cron: must be a cron expression/);
  });

  it("a --stack that is not configured exits 1 naming it, before any engine work", async () => {
    const result = await runCli(["detect", "--config", fixture.configPath, "--stack", "qa"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /--stack qa: not in the config \(configured: drift-fixture\/dev, drift-fixture\/prod\)/,
    );
  });

  it("a malformed --shard exits 1 naming the expected form", async () => {
    const result = await runCli(["detect", "--config", fixture.configPath, "--shard", "2/2"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^reconciler: --shard 2\/2: must be i\/n/m);
  });

  it("a program without #export exits 1 naming its key path and the form", async () => {
    const text = `stacks:\n  - name: prod\n    program: p.ts\n    backend: file:///tmp/x\n`;
    const result = await runCli(["detect", "--config", bad("no-export.yaml", text)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stacks\[0\]\.program: must be <module path>#<exported function>/);
  });

  it("a missing program file or export, or workDir, exits 1 naming each key path, before any engine work", async () => {
    const backend = join(fixture.dir, "never-touched");
    const project = join(fixture.dir, "project");
    const program = join(repoRoot, "reconciler", "demo", "fixture-project", "program.ts");
    const entry = (name: string, fields: string) => `  - { name: ${name}, backend: "file://${backend}", ${fields} }\n`;
    const text =
      "stacks:\n" +
      entry("a", `workDir: "${project}", program: "${join(fixture.dir, "missing.ts")}#program"`) +
      entry("b", `workDir: "${project}", program: "${program}#noSuchExport"`) +
      entry("c", `workDir: "${join(fixture.dir, "no-such-dir")}", program: "${program}#fixtureProgram"`);
    const result = await runCli(["detect", "--config", bad("programs.yaml", text)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stacks\[0\]\.program: \S+missing\.ts does not exist/);
    expect(result.stderr).toMatch(/stacks\[1\]\.program: \S+program\.ts has no exported function "noSuchExport"/);
    expect(result.stderr).toMatch(/stacks\[2\]\.workDir: \S+no-such-dir does not exist/);
    expect(result.stdout).toBe("");
    expect(existsSync(backend)).toBe(false);
  });

  it("a missing config file exits 1 and says how to choose another", async () => {
    const result = await runCli(["detect", "--config", join(fixture.dir, "nope.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/file not found/);
  });
});
