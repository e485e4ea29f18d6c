// What an engine and its plugins can see, on the real engine: each stack's provider plugin
// records its environment (test/support/env-recording-plugin.ts) while the reconciler runs
// with secrets of its own and of the other stack in its process environment.
import type { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env, LoadedConfig } from "../../reconciler/core/loaded-config.js";
import { fixtureReconcilerConfig } from "../../reconciler/demo/fixture-reconciler.js";
import { fixtureStack } from "../../reconciler/demo/fixture-stack.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { detectDrift } from "../../reconciler/engine/run-stacks.js";
import { installEnvRecordingPlugin, recordedPluginEnvs } from "../support/env-recording-plugin.js";

type Name = "dev" | "prod";
const passphrases: Record<Name, string> = { dev: "dev-only-passphrase-4471", prod: "prod-only-passphrase-9023" };
/** The reconciler's own secrets, and things no engine needs. */
const canaries = {
  GITHUB_TOKEN: `ghp_${"C4nary".repeat(6)}`,
  GITHUB_APP_PRIVATE_KEY: "canary-app-key-0f1e2d",
  AWS_SECRET_ACCESS_KEY: "canary-aws-secret-7b6a5c",
  PULUMI_ACCESS_TOKEN: "pul-canary-access-token-3c2b",
  PULUMI_CONFIG_PASSPHRASE: "canary-ambient-passphrase",
  DRIFT_TEST_UNRELATED: "canary-unrelated-value-9e8d",
};

let cli: PulumiCommand;
let dir: string;
const recordDir = (name: Name, run: string) => join(dir, "records", run, name);

/**
 * reconciler.yaml for both stacks, each passphrase read from the variable `from` names, or
 * written in the stack's own `env` ("inline").
 */
async function configWith(run: string, from: Record<Name, string> | "inline"): Promise<LoadedConfig> {
  const base = fixtureReconcilerConfig(dir, { dev: {}, prod: {} }) as { stacks: Array<Record<string, unknown>> };
  const stacks = base.stacks.map((stack) => {
    const name = stack["name"] as Name;
    mkdirSync(recordDir(name, run), { recursive: true });
    const own = { FIXTURE_CLOUD_DIR: join(dir, "cloud"), FIXTURE_ENV_RECORD_DIR: recordDir(name, run) };
    return {
      ...stack,
      ...(from === "inline"
        ? { env: { ...own, PULUMI_CONFIG_PASSPHRASE: passphrases[name] }, passEnv: [] }
        : { env: own, passEnv: [{ from: from[name], to: "PULUMI_CONFIG_PASSPHRASE" }] }),
      policy: { mode: "detect" },
    };
  });
  const path = join(dir, `reconciler-${run}.yaml`);
  writeFileSync(path, stringify({ ...base, stacks }));
  return loadConfig(path, { ...process.env });
}

const renamed = { dev: "DEV_PULUMI_CONFIG_PASSPHRASE", prod: "PROD_PULUMI_CONFIG_PASSPHRASE" };

beforeAll(async () => {
  cli = await getPulumiCli();
  dir = mkdtempSync(join(tmpdir(), "engine-env-"));
  for (const name of ["dev", "prod"] as const) {
    const deployed = await fixtureStack({
      env: name,
      baseDir: dir,
      pulumiCommand: cli,
      extraEnv: { PULUMI_CONFIG_PASSPHRASE: passphrases[name] },
    });
    await deployed.stack.up();
  }
  // From here on the engine starts the recording plugin.
  installEnvRecordingPlugin(join(dir, "project"), join(dir, "plugin-bin"));
  for (const [name, value] of Object.entries(canaries)) vi.stubEnv(name, value);
  vi.stubEnv(renamed.dev, passphrases.dev);
  vi.stubEnv(renamed.prod, passphrases.prod);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("each stack's engine, given the process environment", () => {
  let envs: Record<Name, Array<Record<string, string>>>;
  let statuses: string[];
  beforeAll(async () => {
    const snapshot: Env = { ...process.env };
    const reports = await detectDrift({
      config: await configWith("isolated", renamed),
      env: snapshot,
      pulumiCommand: cli,
    });
    statuses = reports.map((r) => `${r.stack}: ${r.status}${r.error ? ` (${r.error})` : ""}`);
    envs = {
      dev: recordedPluginEnvs(recordDir("dev", "isolated")),
      prod: recordedPluginEnvs(recordDir("prod", "isolated")),
    };
  });

  it("checks dev and prod, each with its own passphrase read from a renamed variable", () => {
    expect(statuses).toEqual(["dev: in-sync", "prod: in-sync"]);
    for (const name of ["dev", "prod"] as const) {
      expect(envs[name].length, `${name}: the plugin ran`).toBeGreaterThan(0);
      for (const env of envs[name]) expect(env["PULUMI_CONFIG_PASSPHRASE"]).toBe(passphrases[name]);
    }
  });

  it("starts plugins that see none of the reconciler's secrets and not the other stack's passphrase", () => {
    for (const name of ["dev", "prod"] as const) {
      const other = passphrases[name === "dev" ? "prod" : "dev"];
      for (const env of envs[name]) {
        const values = Object.values(env).join("\n");
        for (const secret of [...Object.values(canaries), other]) expect(values).not.toContain(secret);
        expect(env["GITHUB_TOKEN"] ?? "").toBe("");
        expect(env[renamed.dev] ?? "").toBe("");
      }
    }
  });

  it("still gives the engine what it needs to run: PATH, HOME and the Pulumi settings", () => {
    const [env] = envs.prod;
    expect(env?.["PATH"]).toContain(process.env["PATH"]);
    expect(env?.["HOME"]).toBe(process.env["HOME"]);
    expect(env?.["PULUMI_SKIP_UPDATE_CHECK"]).toBe("true");
    expect(env?.["FIXTURE_CLOUD_DIR"]).toBe(join(dir, "cloud"));
  });
});

describe("per-stack passphrases, and what is cleared", () => {
  it("fails each stack whose renamed variable holds the other stack's passphrase, saying what to set", async () => {
    const swapped = { dev: renamed.prod, prod: renamed.dev };
    const reports = await detectDrift({
      config: await configWith("swapped", swapped),
      env: { ...process.env },
      pulumiCommand: cli,
    });
    expect(reports.map((r) => [r.stack, r.status])).toEqual([
      ["dev", "error"],
      ["prod", "error"],
    ]);
    for (const report of reports) expect(report.error).toMatch(/passphrase missing or wrong/);
  });

  it("clears a variable the caller did not hand down too: engines never inherit this process's environment", async () => {
    const partial = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "DRIFT_TEST_UNRELATED"));
    await detectDrift({ config: await configWith("partial", renamed), env: partial, pulumiCommand: cli });
    const values = recordedPluginEnvs(recordDir("prod", "partial")).map((env) => env["DRIFT_TEST_UNRELATED"]);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value ?? "").toBe("");
  });
});

describe("detectDrift() called without env", () => {
  it("checks both stacks with what their config names, and no secret of this process reaches any engine", async () => {
    const reports = await detectDrift({ config: await configWith("no-env", "inline"), pulumiCommand: cli });
    expect(reports.map((r) => `${r.stack}: ${r.status}${r.error ? ` (${r.error})` : ""}`)).toEqual([
      "dev: in-sync",
      "prod: in-sync",
    ]);
    for (const name of ["dev", "prod"] as const) {
      const envs = recordedPluginEnvs(recordDir(name, "no-env"));
      expect(envs.length, `${name}: the plugin ran`).toBeGreaterThan(0);
      for (const env of envs) {
        const values = Object.values(env).join("\n");
        for (const secret of [...Object.values(canaries), passphrases[name === "dev" ? "prod" : "dev"]]) {
          expect(values).not.toContain(secret);
        }
        expect(env["PULUMI_CONFIG_PASSPHRASE"]).toBe(passphrases[name]);
        expect(env["HOME"]).toBe(process.env["HOME"]);
      }
    }
  });
});
