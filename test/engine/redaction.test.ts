// Secrets never leave the process, on the real engine and through the real CLI: someone
// pasted one of each kind into a security group's tags; `detect --json`, `detect --markdown`,
// and `reconcile` (its table, its debug logs and the local audit trail it writes) show the
// drift without any of them.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeProperty, getResource } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import {
  deployFixture,
  fixtureReconcilerConfig,
  type DeployedFixture,
} from "../../reconciler/demo/fixture-reconciler.js";
import { getPulumiCli } from "../../reconciler/engine/pulumi-cli.js";
import { runCli } from "../support/run-cli.js";
import { leakedSamples, sampleEnv, sampleStackSettings, secretSamples } from "../support/secret-samples.js";

let fixture: DeployedFixture;
const env = { ...process.env, ...sampleEnv, LOG_LEVEL: "debug" };

beforeAll(async () => {
  fixture = await deployFixture(await getPulumiCli(), { prod: { policy: { mode: "detect" } } });
  const config = fixtureReconcilerConfig(fixture.dir, { prod: { policy: { mode: "detect" } } }) as {
    stacks: Array<Record<string, unknown>>;
  };
  const stacks = config.stacks.map((s) => ({ ...s, ...sampleStackSettings }));
  writeFileSync(fixture.configPath, stringify({ ...config, stacks }));
  const tags = getResource(fixture.cloudDir, "securitygroup", "prod-alb-sg")?.["tags"] as Record<string, string>;
  const pasted = Object.fromEntries(secretSamples.map((s, i) => [`Pasted${i}`, s.text]));
  changeProperty(fixture.cloudDir, "securitygroup", "prod-alb-sg", "tags", { ...tags, ...pasted });
});
afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

describe("a drift whose values are secrets", () => {
  it("is reported by detect --json with every pasted value redacted", async () => {
    const result = await runCli(["detect", "--config", fixture.configPath, "--json"], env);
    expect(result.code).toBe(2);
    const text = JSON.stringify(JSON.parse(result.stdout));
    expect(text).toContain("tags.Pasted0");
    expect(text).toContain("[redacted]");
    expect(leakedSamples(text)).toEqual([]);
    expect(leakedSamples(result.stderr)).toEqual([]);
  });

  it("is reported by detect --markdown with every pasted value redacted", async () => {
    const result = await runCli(["detect", "--config", fixture.configPath, "--markdown"], env);
    expect(result.stdout).toContain("`tags.Pasted10`");
    expect(leakedSamples(result.stdout)).toEqual([]);
  });

  it("leaves no secret in reconcile's table, its debug logs or the local audit trail", async () => {
    const result = await runCli(["reconcile", "--config", fixture.configPath], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"msg":"engine operation finished"/);
    const auditDir = join(fixture.dir, ".reconciler");
    expect(existsSync(join(auditDir, "issues.json"))).toBe(true);
    const trail = readdirSync(auditDir)
      .map((f) => readFileSync(join(auditDir, f), "utf8"))
      .join("\n");
    expect(trail).toContain("Pasted0");
    expect(leakedSamples([result.stdout, result.stderr, trail].join("\n"))).toEqual([]);
  });
});
