// Every process the reconciler starts sees an allow-listed environment, never this process's:
// each file under reconciler/ that can start one is listed here (found by searching the sources,
// so a new one fails this test until it is listed), and each is run with a stand-in `pulumi`
// that writes down the environment it was given. Secrets planted in this process's
// environment must reach none of them.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkedPulumiCli, pinnedCliVersion, repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { detectDrift } from "../../../reconciler/engine/run-stacks.js";
import { openStack } from "../../../reconciler/engine/stack-workspace.js";
import { parseConfig } from "../../../reconciler/core/parse-config.js";

/** What can start a process: Node's child_process, execa, the Automation API's entry points, workers. */
const startsProcess =
  /from "(node:)?child_process"|\bexeca\b|PulumiCommand\.(get|install)\(|LocalWorkspace\.\w+\(|new Worker\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The code of a file without its comment lines (which may name what they do not use). */
const codeOf = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join("\n");

function spawnSites(): string[] {
  return sourceFiles(join(repoRoot, "reconciler"))
    .filter((file) => startsProcess.test(codeOf(file)))
    .map((file) => relative(repoRoot, file))
    .sort();
}

const markers = {
  GITHUB_TOKEN: `ghp_${"M4rker".repeat(6)}`,
  PULUMI_CONFIG_PASSPHRASE: "marker-ambient-passphrase-5521",
  PROD_DB_PASSWORD: "marker-prod-db-password-0917",
  DRIFT_UNRELATED_SETTING: "marker-unrelated-value-3386",
};

let dir: string;
let dumps: string;
let root: string;

/** A `pulumi` that writes its environment to dumps/<pid>.env, answers `version` with the pin and fails anything else. */
function installStandIn(): void {
  mkdirSync(join(root, "bin"), { recursive: true });
  const script =
    `#!/bin/sh\nenv -0 > "${dumps}/$$.env"\n` +
    `if [ "$1" = "version" ]; then echo "v${pinnedCliVersion()}"; exit 0; fi\n` +
    `echo "error: stand-in CLI" >&2\nexit 1\n`;
  writeFileSync(join(root, "bin", "pulumi"), script);
  chmodSync(join(root, "bin", "pulumi"), 0o755);
}

/** The environments written since `before` (file names), as name → value. */
function dumpedSince(before: Set<string>): Array<Record<string, string>> {
  return readdirSync(dumps)
    .filter((f) => !before.has(f))
    .map((f) =>
      Object.fromEntries(
        readFileSync(join(dumps, f), "utf8")
          .split("\0")
          .filter((entry) => entry.includes("="))
          .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
      ),
    );
}

const projectDir = () => join(dir, "project");

/** How each site is made to start its process. */
const sites: Record<string, () => Promise<void>> = {
  // The version check, as at every start where the version stamp cannot be kept.
  "reconciler/engine/pulumi-cli.ts": async () => {
    rmSync(join(root, "bin", ".pulumi-version-checked.json"), { force: true });
    await checkedPulumiCli(root);
  },
  // An engine for a stack, opened without any environment of its own and asked for a refresh preview.
  "reconciler/engine/stack-workspace.ts": async () => {
    const cli = await checkedPulumiCli(root);
    const target = { stack: "prod", project: "p", workDir: projectDir(), backendUrl: `file://${dir}/state` };
    const stack = await openStack(target, cli);
    await expect(stack.previewRefresh()).rejects.toThrow(/stand-in CLI/);
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "spawn-env-"));
  dumps = join(dir, "dumps");
  root = join(dir, "cli");
  mkdirSync(dumps);
  mkdirSync(projectDir());
  writeFileSync(join(projectDir(), "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
  installStandIn();
  for (const [name, value] of Object.entries(markers)) vi.stubEnv(name, value);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("processes the reconciler starts", () => {
  it("are started from the listed files only: a new place that starts one must be listed here", () => {
    expect(spawnSites()).toEqual(Object.keys(sites).sort());
  });

  it.each(Object.keys(sites))("%s starts its process without the parent's secrets", async (site) => {
    const before = new Set(readdirSync(dumps));
    await sites[site]?.();
    const envs = dumpedSince(before);
    expect(envs.length, "the stand-in ran").toBeGreaterThan(0);
    for (const env of envs) {
      const values = Object.values(env).join("\n");
      for (const marker of Object.values(markers)) expect(values).not.toContain(marker);
      expect(env["PATH"], "what it needs to run is still there").toBeTruthy();
    }
  });

  it("the version check gets no variable outside the allow-list, not even an empty one", async () => {
    const before = new Set(readdirSync(dumps));
    await sites["reconciler/engine/pulumi-cli.ts"]?.();
    const [env] = dumpedSince(before);
    expect(Object.keys(env ?? {})).not.toContain("GITHUB_TOKEN");
    expect(Object.keys(env ?? {})).not.toContain("DRIFT_UNRELATED_SETTING");
  });

  it("an engine of detectDrift() called without env gets only the stack's own variables and the allow-list", async () => {
    const config = parseConfig(
      `stacks:\n  - name: prod\n    workDir: ${projectDir()}\n    backend: file://${dir}/state\n` +
        `    env: { OWN_SETTING: own-value }\n    passEnv: [PROD_DB_PASSWORD]\n`,
      join(dir, "reconciler.yaml"),
      {},
      { checkEnv: false },
    );
    const cli = await checkedPulumiCli(root);
    const before = new Set(readdirSync(dumps));
    const [report] = await detectDrift({ config, pulumiCommand: cli, pendingChecks: false });
    expect(report?.status).toBe("error");
    const envs = dumpedSince(before);
    expect(envs.length).toBeGreaterThan(0);
    for (const env of envs) {
      expect(env["OWN_SETTING"]).toBe("own-value");
      // passEnv reads from `env`, which was not given: the variable is there, empty.
      expect(env["PROD_DB_PASSWORD"]).toBe("");
      for (const marker of Object.values(markers)) expect(Object.values(env).join("\n")).not.toContain(marker);
    }
  });
});
