// Detection with read-only credentials, on the real engine: each stack's provider plugins
// record their environment and the command line of the engine that started them
// (test/support/env-recording-plugin.ts) while the reconciler detects, heals and verifies an
// inline TypeScript stack and a local YAML stack, both with healEnv and healPassEnv. Only the
// plugins of the heal's `pulumi up` see the heal's variables.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StackOutcome } from "../../reconciler/core/stack-outcome.js";
import { fixtureProjects } from "../../reconciler/demo/fixture-project.js";
import {
  deployFixture,
  fixtureReconcilerConfig,
  type DeployedFixture,
} from "../../reconciler/demo/fixture-reconciler.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { reconcile } from "../../reconciler/engine/run-stacks.js";
import { installEnvRecordingPlugin, recordedPlugins, type RecordedPlugin } from "../support/env-recording-plugin.js";

/** The reconciler's environment: a read role for detection, a write role and a token for the heal. */
const processEnv = {
  DRIFT_READ_PROFILE: "drift-read-only-role",
  DRIFT_WRITE_PROFILE: "drift-write-role",
  DRIFT_HEAL_TOKEN: "heal-only-token-5e4d3c2b",
};
const healOnlyValues = [processEnv.DRIFT_WRITE_PROFILE, processEnv.DRIFT_HEAL_TOKEN, "heal-mode-write"];

const isUp = (plugin: RecordedPlugin) => /\bpulumi up\b/.test(plugin.engineCommand);
/** Detection's engine commands: `preview` (with or without refresh) and `refresh --preview-only`. */
const isPreview = (plugin: RecordedPlugin) =>
  /\bpulumi (preview\b|refresh --preview-only\b)/.test(plugin.engineCommand);

describe("healEnv and healPassEnv on the real engine", () => {
  let fixture: DeployedFixture;
  let outcomes: StackOutcome[];
  const recordDir = (name: string) => join(fixture.dir, "records", name);

  beforeAll(async () => {
    const cli = await getPulumiCli();
    fixture = await deployFixture(cli, { dev: {}, prod: { language: "yaml" } });
    installEnvRecordingPlugin(join(fixture.dir, fixtureProjects.typescript.dir), join(fixture.dir, "plugin-bin"));
    installEnvRecordingPlugin(join(fixture.dir, fixtureProjects.yaml.dir), join(fixture.dir, "plugin-bin"), "yaml");
    const base = fixtureReconcilerConfig(fixture.dir, { dev: {}, prod: { language: "yaml" } }) as {
      stacks: Array<Record<string, unknown>>;
    };
    const stacks = base.stacks.map((stack) => {
      const name = String(stack["name"]);
      mkdirSync(recordDir(name), { recursive: true });
      return {
        ...stack,
        env: { ...(stack["env"] as Record<string, string>), FIXTURE_ENV_RECORD_DIR: recordDir(name) },
        passEnv: [{ from: "DRIFT_READ_PROFILE", to: "AWS_PROFILE" }],
        healEnv: { DRIFT_HEAL_MODE: "heal-mode-write" },
        healPassEnv: [{ from: "DRIFT_WRITE_PROFILE", to: "AWS_PROFILE" }, "DRIFT_HEAL_TOKEN"],
      };
    });
    writeFileSync(fixture.configPath, stringify({ ...base, stacks }));
    addIngressRule(fixture.cloudDir, "dev-alb-sg");
    addIngressRule(fixture.cloudDir, "prod-alb-sg");
    const env = { ...process.env, ...processEnv };
    outcomes = await reconcile({ config: await loadConfig(fixture.configPath, env), env, pulumiCommand: cli });
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

  it("heals and verifies both stacks", () => {
    expect(outcomes.map((o) => [o.stack, o.outcome, o.verification?.status])).toEqual([
      ["dev", "healed", "in-sync"],
      ["prod", "healed", "in-sync"],
    ]);
    expect(getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).not.toContainEqual(
      sshFromAnywhere,
    );
  });

  it("starts no detection plugin that sees a heal-only variable: only the read role", () => {
    for (const name of ["dev", "prod"]) {
      const detection = recordedPlugins(recordDir(name)).filter(isPreview);
      // detect (preview with refresh, refresh --preview-only, preview) and verify (preview with refresh)
      expect(detection.length, `${name}: detection's plugins`).toBeGreaterThanOrEqual(4);
      for (const { env } of detection) {
        expect(env["AWS_PROFILE"]).toBe(processEnv.DRIFT_READ_PROFILE);
        expect(env["DRIFT_HEAL_TOKEN"] ?? "").toBe("");
        expect(env["DRIFT_HEAL_MODE"]).toBeUndefined();
        const values = Object.values(env).join("\n");
        for (const secret of healOnlyValues) expect(values).not.toContain(secret);
      }
    }
  });

  it("gives the heal's up the write role, the heal token and healEnv", () => {
    for (const name of ["dev", "prod"]) {
      const plugins = recordedPlugins(recordDir(name));
      const heal = plugins.filter(isUp);
      expect(heal.length, `${name}: the up's plugins`).toBeGreaterThan(0);
      expect(
        plugins.filter((p) => !isUp(p) && !isPreview(p)),
        `${name}: other engine commands`,
      ).toEqual([]);
      for (const { env } of heal) {
        expect(env["AWS_PROFILE"]).toBe(processEnv.DRIFT_WRITE_PROFILE);
        expect(env["DRIFT_HEAL_TOKEN"]).toBe(processEnv.DRIFT_HEAL_TOKEN);
        expect(env["DRIFT_HEAL_MODE"]).toBe("heal-mode-write");
      }
    }
  });

  it("keeps the heal's secrets out of the outcomes", () => {
    const text = JSON.stringify(outcomes);
    expect(text).not.toContain(processEnv.DRIFT_HEAL_TOKEN);
    expect(text).not.toContain(processEnv.DRIFT_WRITE_PROFILE);
  });
});
