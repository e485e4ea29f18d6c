// Runs deploy/install-plugins.sh on a given list with a stand-in `pulumi` that records its
// arguments instead of downloading anything.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";

export interface InstallRun {
  status: number | null;
  stderr: string;
  /** One line per `pulumi` call: its arguments. */
  calls: string[];
}

export function runInstallPlugins(list: string, platform: string): InstallRun {
  const dir = mkdtempSync(join(tmpdir(), "install-plugins-"));
  try {
    mkdirSync(join(dir, "bin"));
    const calls = join(dir, "calls.txt");
    writeFileSync(join(dir, "bin", "pulumi"), `#!/bin/sh\necho "$*" >> "${calls}"\n`);
    chmodSync(join(dir, "bin", "pulumi"), 0o755);
    writeFileSync(join(dir, "plugins.txt"), list);
    const result = spawnSync("bash", [join(repoRoot, "deploy", "install-plugins.sh"), join(dir, "plugins.txt")], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", PULUMI_CLI_ROOT: dir, PLUGIN_PLATFORM: platform },
    });
    const recorded = existsSync(calls) ? readFileSync(calls, "utf8").split("\n").filter(Boolean) : [];
    return { status: result.status, stderr: result.stderr, calls: recorded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
