// What the workflow and the image run, and where it comes from: actions pinned by commit SHA,
// base images by digest, npm without install scripts, the runtime without dev dependencies,
// provider plugins only from the checksum list, secrets only on the step that needs them.
// Each check also runs on a broken copy, to show that it can fail.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { argumentsOf, copiesOf, envOf, parseDockerfile } from "../../support/dockerfile-stages.js";
import { jobDocument, parseWorkflowText } from "../../support/workflow-document.js";

const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), "utf8");
const workflowText = read(".github", "workflows", "drift.yml");
const dockerfile = read("Dockerfile");
const pluginList = read("deploy", "pulumi-plugins.txt");

function expectActionsPinned(text: string): void {
  const uses = text.split("\n").filter((line) => /^\s*(-\s*)?uses:/.test(line));
  expect(uses.length).toBeGreaterThan(0);
  for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
}

/** Every place in the workflow that reads a secret, as a path like jobs.reconcile.steps.6.env.GITHUB_TOKEN. */
function secretReads(value: unknown, path = ""): string[] {
  if (typeof value === "string") return value.includes("secrets.") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretReads(v, `${path}.${i}`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => secretReads(v, path ? `${path}.${k}` : k));
  return [];
}

async function expectSecretsOnReconcileStepOnly(text: string): Promise<void> {
  const workflow = await parseWorkflowText("drift.yml", text);
  const steps = jobDocument(workflow, "reconcile")["steps"] as Array<{ run?: string }>;
  const reconcile = steps.findIndex((s) => s.run?.includes("reconcile --stack"));
  const reads = secretReads(workflow.document);
  expect(reads.length).toBeGreaterThan(0);
  for (const path of reads) expect(path).toMatch(new RegExp(`^jobs\\.reconcile\\.steps\\.${reconcile}\\.env\\.`));
}

async function expectCheckoutsWithoutCredentials(text: string): Promise<void> {
  const workflow = await parseWorkflowText("drift.yml", text);
  for (const job of ["stacks", "reconcile"]) {
    const steps = jobDocument(workflow, job)["steps"] as Array<{ uses?: string; with?: Record<string, unknown> }>;
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts.length, job).toBe(1);
    // Action inputs are strings to the runner.
    for (const step of checkouts) expect(step.with?.["persist-credentials"], job).toBe("false");
  }
}

describe("the workflow", async () => {
  const workflow = await parseWorkflowText("drift.yml", workflowText);
  const steps = (job: string) =>
    jobDocument(workflow, job)["steps"] as Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;

  it("pins every action by a full commit SHA, with its version in a comment", () => {
    expectActionsPinned(workflowText);
    expect(() => expectActionsPinned(workflowText.replace(/@[0-9a-f]{40} # v4\.2\.2/, "@v4"))).toThrow();
    expect(() => expectActionsPinned(workflowText.replace(/ # v4\.1\.0/, ""))).toThrow();
  });

  it("checks out without keeping the token in the clone", async () => {
    await expectCheckoutsWithoutCredentials(workflowText);
    const kept = workflowText.replace("persist-credentials: false", "persist-credentials: true");
    await expect(expectCheckoutsWithoutCredentials(kept)).rejects.toThrow();
  });

  it("sets secrets only on the reconcile step, not on the job where npm and the setup would see them", async () => {
    await expectSecretsOnReconcileStepOnly(workflowText);
    const jobWide = workflowText.replace(
      "    concurrency:\n",
      "    env:\n      LEAK: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}\n    concurrency:\n",
    );
    await expect(expectSecretsOnReconcileStepOnly(jobWide)).rejects.toThrow();
  });

  it("runs npm without install scripts, once, in the job that cannot mint an OIDC token", () => {
    const installs = steps("stacks").filter((s) => /\bnpm (ci|install)\b/.test(s.run ?? ""));
    expect(installs.length).toBe(1);
    for (const step of installs) expect(step.run).toContain("--ignore-scripts");
    expect(steps("reconcile").filter((s) => /\bnpm\b|setup-pulumi/.test(s.run ?? ""))).toEqual([]);
  });

  it("installs provider plugins only from the checksum list, keeps no plugin cache, and lets the engine fetch none", () => {
    const all = steps("reconcile");
    expect(all.some((s) => s.uses?.startsWith("actions/cache@"))).toBe(false);
    const install = all.findIndex((s) =>
      /^PLUGIN_SUMMARY="\$GITHUB_STEP_SUMMARY" bash deploy\/install-plugins\.sh$/.test(s.run?.trim() ?? ""),
    );
    const reconcile = all.findIndex((s) => s.run?.includes("reconcile --stack"));
    expect(install).toBeGreaterThan(-1);
    expect(install).toBeLessThan(reconcile);
    const env = (all[reconcile] as { env?: Record<string, string> }).env;
    expect(env?.["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"]).toBe("true");
    expect(workflowText).not.toMatch(/plugin install/);
  });
});

function expectImagesByDigest(text: string): void {
  const { stages } = parseDockerfile(text);
  for (const stage of stages) expect(stage.from.getImageDigest(), stage.name ?? "").toMatch(/^sha256:[0-9a-f]{64}$/);
  const nodeDigests = stages.filter((s) => s.from.getImageName() === "node").map((s) => s.from.getImageDigest());
  expect(new Set(nodeDigests).size).toBe(1);
}

describe("the image", () => {
  const { stages } = parseDockerfile(dockerfile);
  const runtime = stages.at(-1);
  const stageNamed = (name: string | null | undefined) => stages.find((s) => s.name === name);

  it("pulls every base image by digest, the same node image in every node stage", () => {
    expectImagesByDigest(dockerfile);
    expect(() =>
      expectImagesByDigest(dockerfile.replace(/(FROM debian:bookworm-slim)@sha256:[0-9a-f]+/, "$1")),
    ).toThrow();
  });

  it("runs npm without install scripts, and gives the runtime production dependencies only", () => {
    const npm = stages.flatMap((s) => argumentsOf(s, "RUN")).filter((r) => /\bnpm (ci|install)\b/.test(r));
    expect(npm.length).toBeGreaterThan(0);
    for (const run of npm) expect(run).toContain("--ignore-scripts");
    const modules = runtime && copiesOf(runtime).find((c) => c.dest === "./node_modules");
    const from = stageNamed(modules?.from);
    expect(from && argumentsOf(from, "RUN").join("\n")).toMatch(/npm ci --omit=dev/);
  });

  it("installs provider plugins only through the checksum list, and lets the engine fetch none", () => {
    const runs = stages.flatMap((s) => argumentsOf(s, "RUN")).join("\n");
    expect(runs).not.toMatch(/plugin install/);
    expect(runs).toContain("install-plugins.sh /tmp/plugins/pulumi-plugins.txt");
    const copied = stages.flatMap((s) => copiesOf(s)).flatMap((c) => c.sources);
    expect(copied).toEqual(expect.arrayContaining(["deploy/pulumi-plugins.txt", "deploy/install-plugins.sh"]));
    expect(read(".dockerignore")).toMatch(/^!deploy\/pulumi-plugins\.txt$/m);
    expect(runtime && envOf(runtime).get("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION")).toBe("true");
  });
});

interface PluginEntry {
  kind: string;
  name: string;
  version: string;
  platform: string;
  sha256: string;
}
const entries: PluginEntry[] = pluginList
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => {
    const [kind = "", name = "", version = "", platform = "", sha256 = ""] = line.trim().split(/\s+/);
    return { kind, name, version, platform, sha256 };
  });

describe("the plugin checksum list", () => {
  const versionOf = (pkg: string) =>
    (JSON.parse(read("node_modules", pkg, "package.json")) as { version: string }).version;

  it("lists the plugins of the SDKs in node_modules, for amd64 and arm64", () => {
    const awsx = JSON.parse(read("node_modules", "@pulumi/awsx", "package.json")) as {
      dependencies: Record<string, string>;
    };
    const awsxAws = (awsx.dependencies["@pulumi/aws"] ?? "").replace(/^[\^~]/, "");
    const wanted = [
      ["aws", versionOf("@pulumi/aws")],
      ["awsx", versionOf("@pulumi/awsx")],
      ["aws", awsxAws],
    ].flatMap(([name, version]) =>
      ["linux-amd64", "linux-arm64"].map((platform) => `resource ${name} ${version} ${platform}`),
    );
    expect(entries.map((e) => `${e.kind} ${e.name} ${e.version} ${e.platform}`).sort()).toEqual(wanted.sort());
  });

  it("holds a SHA-256 for each archive, or '-' where it is not pinned yet", () => {
    for (const e of entries) expect(e.sha256, `${e.name} ${e.version} ${e.platform}`).toMatch(/^([0-9a-f]{64}|-)$/);
  });
});
