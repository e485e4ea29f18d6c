// Runs deploy/install-plugins.sh on a given list with a stand-in `pulumi` that records its
// arguments instead of downloading anything. Unpinned archives are served from a local folder
// (file:// URLs, which curl reads like any other): each holds the given bytes.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";

export interface InstallOptions {
  /** File name (pulumi-<kind>-<name>-v<version>-<platform>.tar.gz) → content served for it. */
  archives?: Record<string, string>;
  env?: Record<string, string>;
  /** Runs this script instead of the script itself (a workflow step), from a folder holding deploy/. */
  stepScript?: string;
}

export interface InstallRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One line per `pulumi` call: its arguments. */
  calls: string[];
  /** $PULUMI_HOME/plugin-archives.txt, or "" when not written. */
  record: string;
  /** What was appended to the summary file (PLUGIN_SUMMARY, GITHUB_STEP_SUMMARY). */
  summary: string;
}

const contents = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

function standIns(dir: string): { calls: string; archives: string } {
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "archives"));
  const calls = join(dir, "calls.txt");
  writeFileSync(join(dir, "bin", "pulumi"), `#!/bin/sh\necho "$*" >> "${calls}"\n`);
  chmodSync(join(dir, "bin", "pulumi"), 0o755);
  return { calls, archives: join(dir, "archives") };
}

function stepFolder(dir: string, script: string): string {
  const work = join(dir, "work");
  mkdirSync(join(work, "deploy"), { recursive: true });
  for (const file of ["install-plugins.sh", "pulumi-plugins.txt"])
    writeFileSync(join(work, "deploy", file), readFileSync(join(repoRoot, "deploy", file)));
  writeFileSync(join(work, "step.sh"), script);
  return work;
}

export function runInstallPlugins(list: string, platform: string, options: InstallOptions = {}): InstallRun {
  const dir = mkdtempSync(join(tmpdir(), "install-plugins-"));
  try {
    const { calls, archives } = standIns(dir);
    for (const [name, content] of Object.entries(options.archives ?? {})) writeFileSync(join(archives, name), content);
    writeFileSync(join(dir, "plugins.txt"), list);
    const home = join(dir, "pulumi-home");
    const summary = join(dir, "summary.md");
    const work = options.stepScript === undefined ? undefined : stepFolder(dir, options.stepScript);
    const [command, args] = work
      ? ["bash", ["--noprofile", "--norc", "-eo", "pipefail", join(work, "step.sh")]]
      : ["bash", [join(repoRoot, "deploy", "install-plugins.sh"), join(dir, "plugins.txt")]];
    const result = spawnSync(command, args, {
      cwd: work ?? dir,
      encoding: "utf8",
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: dir,
        PULUMI_HOME: home,
        PULUMI_CLI_ROOT: dir,
        PLUGIN_PLATFORM: platform,
        PLUGIN_ARCHIVE_BASE_URL: `file://${archives}`,
        GITHUB_STEP_SUMMARY: summary,
        ...options.env,
      },
    });
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      calls: contents(calls).split("\n").filter(Boolean),
      record: contents(join(home, "plugin-archives.txt")),
      summary: contents(summary),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
