// How provider plugins get installed: deploy/install-plugins.sh run with a stand-in `pulumi` on
// the three paths (pinned: Pulumi checks the archive; not pinned: the archive's SHA-256 computed,
// printed and recorded; strict: refused), and the switch passed through by the Dockerfile and the
// workflow, and the label a built image gets. The pass-through checks also run on broken copies, to show that they can fail.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import { argumentsOf, parseDockerfile } from "../../support/dockerfile-stages.js";
import { runInstallPlugins } from "../../support/run-install-plugins.js";
import { jobDocument, parseWorkflowText } from "../../support/workflow-document.js";

const read = (...path: string[]) => readFileSync(join(repoRoot, ...path), "utf8");
const pluginList = read("deploy", "pulumi-plugins.txt");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

interface Entry {
  kind: string;
  name: string;
  version: string;
  platform: string;
}
const entriesFor = (platform: string): Entry[] =>
  pluginList
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [kind = "", name = "", version = ""] = line.trim().split(/\s+/);
      return { kind, name, version, platform: line.trim().split(/\s+/)[3] ?? "" };
    })
    .filter((e) => e.platform === platform);
const archiveName = (e: Entry) => `pulumi-${e.kind}-${e.name}-v${e.version}-${e.platform}.tar.gz`;
/** A distinct stand-in archive for every entry of the platform. */
const archivesFor = (platform: string) =>
  Object.fromEntries(entriesFor(platform).map((e) => [archiveName(e), `archive of ${archiveName(e)}\n`]));

describe("deploy/install-plugins.sh", () => {
  it("installs a pinned archive with pulumi plugin install --exact --checksum, fetching nothing itself", () => {
    const pinned = pluginList.replace(/ -$/gm, ` ${"ab".repeat(32)}`);
    const run = runInstallPlugins(pinned, "linux-arm64");
    expect(run.status, run.stderr).toBe(0);
    const expected = entriesFor("linux-arm64");
    expect(run.calls).toEqual(
      expected.map((e) => `plugin install ${e.kind} ${e.name} v${e.version} --exact --checksum ${"ab".repeat(32)}`),
    );
    const recorded = run.record.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(recorded).toEqual(
      expected.map((e) => `${e.kind} ${e.name} ${e.version} linux-arm64 ${"ab".repeat(32)} pinned`),
    );
    expect(run.stdout).not.toMatch(/not pinned/);
  });

  it("installs an unpinned archive from the very file whose SHA-256 it prints and records", () => {
    const archives = archivesFor("linux-amd64");
    const run = runInstallPlugins(pluginList, "linux-amd64", { archives });
    expect(run.status, run.stderr).toBe(0);
    const expected = entriesFor("linux-amd64");
    expect(expected.length).toBeGreaterThan(0);
    expect(run.calls).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(run.calls[i]).toMatch(
        new RegExp(`^plugin install ${e.kind} ${e.name} v${e.version} --exact --file /\\S+/${archiveName(e)}$`),
      );
      const sum = sha256(archives[archiveName(e)] ?? "");
      expect(run.stdout).toContain(`${e.kind} ${e.name} ${e.version} (linux-amd64) is not pinned`);
      expect(run.stdout).toMatch(new RegExp(`^${e.kind} +${e.name} +${e.version} +linux-amd64 +${sum}$`, "m"));
      expect(run.record).toContain(`${e.kind} ${e.name} ${e.version} linux-amd64 ${sum} computed`);
    });
    expect(run.stdout).toMatch(
      /run scripts\/pin-plugins\.sh, or replace their '-' lines in deploy\/pulumi-plugins\.txt/,
    );
  });

  it("prints lines that, pasted into the list, pin those very archives", () => {
    const archives = archivesFor("linux-amd64");
    const first = runInstallPlugins(pluginList, "linux-amd64", { archives });
    const printed = first.stdout.split("\n").filter((l) => /^resource\s.*\s[0-9a-f]{64}$/.test(l));
    expect(printed).toHaveLength(entriesFor("linux-amd64").length);
    let pasted = pluginList;
    for (const line of printed) {
      const [kind, name, version, platform] = line.split(/\s+/);
      pasted = pasted.replace(new RegExp(`^${kind}\\s+${name}\\s+${version}\\s+${platform}\\s+-$`, "m"), line);
    }
    const second = runInstallPlugins(pasted, "linux-amd64", { env: { REQUIRE_PLUGIN_CHECKSUMS: "true" } });
    expect(second.status, second.stderr).toBe(0);
    expect(second.calls).toEqual(
      entriesFor("linux-amd64").map(
        (e) =>
          `plugin install ${e.kind} ${e.name} v${e.version} --exact --checksum ${sha256(archives[archiveName(e)] ?? "")}`,
      ),
    );
  });

  it("with REQUIRE_PLUGIN_CHECKSUMS=true refuses everything while one entry of the platform is unpinned", () => {
    const onePinnedOneNot = pluginList.replace(/ -$/m, ` ${"cd".repeat(32)}`);
    const run = runInstallPlugins(onePinnedOneNot, "linux-amd64", {
      archives: archivesFor("linux-amd64"),
      env: { REQUIRE_PLUGIN_CHECKSUMS: "true" },
    });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.record).toBe("");
    expect(run.stderr).toMatch(/has no SHA-256 .*scripts\/pin-plugins\.sh/);
  });

  it("refuses a malformed checksum whatever the switch, and a switch that is neither true nor false", () => {
    const malformed = pluginList.replace(/ -$/m, " abc123");
    expect(runInstallPlugins(malformed, "linux-amd64", { archives: archivesFor("linux-amd64") }).calls).toEqual([]);
    const bad = runInstallPlugins(pluginList, "linux-amd64", { env: { REQUIRE_PLUGIN_CHECKSUMS: "yes" } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("REQUIRE_PLUGIN_CHECKSUMS must be true or false (got 'yes')");
  });

  it("fails when an unpinned archive cannot be fetched, before installing it", () => {
    const run = runInstallPlugins(pluginList, "linux-amd64", { archives: {} });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([]);
  });
});

/** The Dockerfile declares the switch (default false), hands it to the install, and labels the image with it. */
function expectDockerfilePassesSwitch(text: string): void {
  const { globalArgs, stages } = parseDockerfile(text);
  expect(globalArgs.get("REQUIRE_PLUGIN_CHECKSUMS")).toBe("false");
  const installing = stages.filter((s) => argumentsOf(s, "RUN").some((r) => r.includes("install-plugins.sh")));
  expect(installing).toHaveLength(1);
  for (const stage of installing) {
    expect(argumentsOf(stage, "ARG")).toContain("REQUIRE_PLUGIN_CHECKSUMS");
    const run = argumentsOf(stage, "RUN").find((r) => r.includes("install-plugins.sh")) ?? "";
    expect(run).toMatch(/REQUIRE_PLUGIN_CHECKSUMS="\$\{REQUIRE_PLUGIN_CHECKSUMS\}"[\s\\]+bash \S*install-plugins\.sh/);
  }
  const runtime = stages.at(-1);
  expect(runtime && argumentsOf(runtime, "LABEL").join("\n")).toContain(
    'pulumi-drift-reconciler.plugin-checksums-required="${REQUIRE_PLUGIN_CHECKSUMS}"',
  );
}

describe("the switch REQUIRE_PLUGIN_CHECKSUMS", async () => {
  const dockerfile = read("Dockerfile");
  const workflowText = read(".github", "workflows", "drift.yml");
  const installStep = async (text: string) => {
    const workflow = await parseWorkflowText("drift.yml", text);
    const steps = jobDocument(workflow, "reconcile")["steps"] as { run?: string; env?: Record<string, string> }[];
    const step = steps.find((s) => s.run?.includes("install-plugins.sh"));
    return { workflow, step };
  };

  it("is a build arg of the image, default false, passed to the install and shown in a label", () => {
    expectDockerfilePassesSwitch(dockerfile);
    expect(() =>
      expectDockerfilePassesSwitch(dockerfile.replace('REQUIRE_PLUGIN_CHECKSUMS="${REQUIRE_PLUGIN_CHECKSUMS}" ', "")),
    ).toThrow();
    expect(() =>
      expectDockerfilePassesSwitch(dockerfile.replace(/^ARG REQUIRE_PLUGIN_CHECKSUMS$/m, "# no ARG here")),
    ).toThrow();
  });

  it("is an input of a manual run (or a repository variable) that reaches the workflow's install step", async () => {
    const { workflow, step } = await installStep(workflowText);
    const dispatch = (workflow.document["on"] as Record<string, { inputs?: Record<string, unknown> }>)[
      "workflow_dispatch"
    ];
    expect(dispatch?.inputs?.["require-plugin-checksums"]).toMatchObject({ type: "boolean", default: false });
    expect(step?.env?.["REQUIRE_PLUGIN_CHECKSUMS"]).toBe(
      "${{ inputs.require-plugin-checksums || vars.REQUIRE_PLUGIN_CHECKSUMS == 'true' }}",
    );
  });

  it("refuses the shipped list in the workflow's step when true, and otherwise writes the job summary", async () => {
    const { step } = await installStep(workflowText);
    const script = step?.run ?? "";
    const strict = runInstallPlugins("", "linux-amd64", {
      stepScript: script,
      archives: archivesFor("linux-amd64"),
      env: { REQUIRE_PLUGIN_CHECKSUMS: "true" },
    });
    expect(strict.status).not.toBe(0);
    expect(strict.calls).toEqual([]);
    const lenient = runInstallPlugins("", "linux-amd64", {
      stepScript: script,
      archives: archivesFor("linux-amd64"),
      env: { REQUIRE_PLUGIN_CHECKSUMS: "false" },
    });
    expect(lenient.status, lenient.stderr).toBe(0);
    expect(lenient.summary).toContain("### Provider plugins (linux-amd64)");
    for (const e of entriesFor("linux-amd64")) {
      const sum = sha256(`archive of ${archiveName(e)}\n`);
      expect(lenient.summary).toContain(`| ${e.kind} ${e.name} | ${e.version} | \`${sum}\` | computed |`);
      expect(lenient.summary).toMatch(new RegExp(`^${e.kind} +${e.name} +${e.version} +linux-amd64 +${sum}$`, "m"));
    }
    expect(lenient.summary).toContain("run `scripts/pin-plugins.sh`");
  });
});

/** deploy/label-image.sh with a stand-in `docker`: `run` prints the given record, `build` logs its arguments and stdin. */
function labelImage(record: string): { status: number | null; stderr: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), "label-image-"));
  try {
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "record.txt"), record);
    const docker = [
      "#!/usr/bin/env bash",
      `if [ "$1" = run ]; then echo "$*" >> "${dir}/log"; cat "${dir}/record.txt"; exit 0; fi`,
      `{ printf '%s\\n' "$@"; echo "stdin: $(cat)"; } >> "${dir}/log"`,
    ].join("\n");
    writeFileSync(join(dir, "bin", "docker"), docker, { mode: 0o755 });
    const result = spawnSync("bash", [join(repoRoot, "deploy", "label-image.sh"), "acme/reconciler:1"], {
      encoding: "utf8",
      env: { PATH: `${join(dir, "bin")}:${process.env["PATH"] ?? ""}` },
    });
    return {
      status: result.status,
      stderr: result.stderr,
      log: existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8") : "",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("deploy/label-image.sh", () => {
  it("copies the image's plugin record into a label, on an image built FROM the same one", () => {
    const sum = "ef".repeat(32);
    const run = labelImage(
      `# header\nresource aws 7.48.0 linux-amd64 ${sum} computed\nresource awsx 3.9.0 linux-amd64 ${sum} pinned\n`,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.log).toContain("run --rm --entrypoint cat acme/reconciler:1 /opt/pulumi-home/plugin-archives.txt");
    expect(run.log).toContain(
      `pulumi-drift-reconciler.plugin-archives=resource aws 7.48.0 linux-amd64 ${sum} computed; resource awsx 3.9.0 linux-amd64 ${sum} pinned\n-t\nacme/reconciler:1\n-\nstdin: FROM acme/reconciler:1`,
    );
  });

  it("refuses to label an image that records no plugin archive", () => {
    const run = labelImage("# header only\n");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("records no plugin archives");
    expect(run.log).not.toContain("stdin:");
  });
});
