// The YAML fixture project under the bare Pulumi CLI, as a person or a deploy pipeline runs it
// (`pulumi preview`, `pulumi up`, `pulumi preview --refresh`): the pinned CLI finds the pinned
// YAML language host next to itself and the fixture provider through its schema. The stack a
// bare `pulumi up` deployed is the one the reconciler then watches as a local program; and the
// bench's generator writes projects of N resources that the bare CLI deploys.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeYamlFixtureProject } from "../../bench/yaml-fixture-project.js";
import { builtFromYamlVersion, pinnedYamlVersion } from "../../scripts/setup-language-yaml.js";
import { listRecords } from "../../reconciler/demo/fixture-provider/cloud-store.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { prepareFixtureProject } from "../../reconciler/demo/fixture-project.js";
import { fixturePassphrase } from "../../reconciler/demo/fixture-stack.js";
import { loadConfig } from "../../reconciler/engine/load-config.js";
import { cliRoot } from "../../reconciler/engine/pulumi-cli.js";
import { detectDrift } from "../../reconciler/engine/run-stacks.js";

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bare-cli-yaml-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the Automation API would set; the pinned CLI's folder first on PATH, as after `npm run setup`. */
function bareEnv(name: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(cliRoot(), "bin")}:${process.env["PATH"] ?? ""}`,
    PULUMI_BACKEND_URL: `file://${join(dir, `state-${name}`)}`,
    PULUMI_CONFIG_PASSPHRASE: fixturePassphrase,
    FIXTURE_CLOUD_DIR: join(dir, `cloud-${name}`),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}

async function pulumi(name: string, projectDir: string, args: string[]): Promise<string> {
  const { stdout } = await run(join(cliRoot(), "bin", "pulumi"), [...args, "--non-interactive"], {
    cwd: projectDir,
    env: bareEnv(name),
    maxBuffer: 16 * 2 ** 20,
  });
  return stdout;
}

/** A new `prod` stack on its own file:// backend, with the database password as secret config. */
async function initStack(name: string, projectDir: string, password: string): Promise<void> {
  mkdirSync(join(dir, `state-${name}`), { recursive: true });
  await pulumi(name, projectDir, ["stack", "init", "prod"]);
  await pulumi(name, projectDir, ["config", "set", "--secret", "dbPassword", password]);
}

describe("the bare pulumi CLI on the YAML fixture project", () => {
  let project: string;
  const cloud = () => join(dir, "cloud-yaml");

  beforeAll(async () => {
    project = prepareFixtureProject(join(dir, "project-yaml"), "yaml");
    await initStack("yaml", project, "bare-cli-prod-password");
  });

  it("runs the pinned YAML language host, which npm run setup put next to the CLI", () => {
    expect(builtFromYamlVersion(join(cliRoot(), "bin", "pulumi-language-yaml"), pinnedYamlVersion())).toBe(true);
  });

  it("previews the five resources and the stack with pulumi preview, creating nothing", async () => {
    const out = await pulumi("yaml", project, ["preview", "--stack", "prod"]);
    expect(out).toMatch(/\+ 6 to create/);
    for (const name of ["alb-sg", "app-sg", "alb", "app-tg", "db-credentials"]) expect(out).toContain(name);
    expect(listRecords(cloud(), "securitygroup")).toEqual([]);
  });

  it("deploys them with pulumi up, with the TypeScript project's rules and the secret from stack config", async () => {
    const out = await pulumi("yaml", project, ["up", "--yes", "--stack", "prod"]);
    expect(out).toMatch(/\+ 6 created/);
    expect(getResource(cloud(), "securitygroup", "prod-alb-sg")).toMatchObject({
      ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
      egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.20.0.0/16"] }],
      tags: { Environment: "prod" },
    });
    const appSg = getResource(cloud(), "securitygroup", "prod-app-sg");
    expect(appSg?.["ingress"]).toEqual([
      {
        protocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        securityGroups: [getResource(cloud(), "securitygroup", "prod-alb-sg")?.id],
      },
    ]);
    expect(JSON.stringify(getResource(cloud(), "secret", "prod-db-credentials"))).toContain("bare-cli-prod-password");
    expect(getResource(cloud(), "loadbalancer", "prod-alb")).toMatchObject({ enableDeletionProtection: true });
  });

  it("shows drift with pulumi preview --refresh, and the reconciler sees the same stack as a local program", async () => {
    addIngressRule(cloud(), "prod-alb-sg");
    const out = await pulumi("yaml", project, ["preview", "--refresh", "--stack", "prod"]);
    expect(out).toMatch(/~ 1 to update/);

    const configPath = join(dir, "reconciler.yaml");
    const stack = {
      name: "prod",
      workDir: project,
      backend: `file://${join(dir, "state-yaml")}`,
      env: { PULUMI_CONFIG_PASSPHRASE: fixturePassphrase, FIXTURE_CLOUD_DIR: cloud() },
    };
    writeFileSync(configPath, stringify({ stacks: [stack] }));
    const [report] = await detectDrift({ config: await loadConfig(configPath, {}) });
    expect(report?.status).toBe("drifted");
    expect(report?.drift).toEqual([
      expect.objectContaining({ name: "alb-sg", properties: [{ path: "ingress[1]", cloud: sshFromAnywhere }] }),
    ]);
  });
});

describe("the bench's YAML project of N resources", () => {
  it("deploys N resources with the bare pulumi up, and previews in sync afterwards", async () => {
    const project = writeYamlFixtureProject(join(dir, "project-bench"), 10);
    await initStack("bench", project, "bench-password");
    expect(await pulumi("bench", project, ["up", "--yes", "--stack", "prod"])).toMatch(/\+ 11 created/);
    expect(
      listRecords(join(dir, "cloud-bench"), "bucket")
        .map((b) => b["name"])
        .sort(),
    ).toEqual([0, 1, 2, 3, 4].map((i) => `prod-bucket-${i}`));
    expect(await pulumi("bench", project, ["preview", "--refresh", "--stack", "prod"])).toMatch(/11 unchanged/);
  });

  it("refuses fewer resources than the fixed five", () => {
    expect(() => writeYamlFixtureProject(join(dir, "too-small"), 4)).toThrow(/at least 5 resources/);
  });
});
