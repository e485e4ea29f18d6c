// Runs a workflow step's `run:` script the way GitHub Actions does for `shell: bash`
// (bash --noprofile --norc -eo pipefail), with a fake `npx` first on PATH that records its
// arguments, prints the given stdout and exits with the given code.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeNpx {
  exit: number;
  stdout: string;
}

export interface StepRun {
  status: number | null;
  /** What the step appended to $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT. */
  summary: string;
  output: string;
  /** The arguments npx was called with. */
  npxArgs: string[];
}

const fakeNpx =
  '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$FAKE_NPX_ARGS"\nprintf "%s" "$FAKE_NPX_STDOUT"\nexit "$FAKE_NPX_EXIT"\n';

export function runWorkflowStep(script: string, npx: FakeNpx, env: Record<string, string> = {}): StepRun {
  const dir = mkdtempSync(join(tmpdir(), "workflow-step-"));
  try {
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin", "npx"), fakeNpx);
    chmodSync(join(dir, "bin", "npx"), 0o755);
    writeFileSync(join(dir, "step.sh"), script);
    const files = {
      summary: join(dir, "summary.md"),
      output: join(dir, "output.txt"),
      args: join(dir, "npx-args.txt"),
    };
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(dir, "step.sh")], {
      cwd: dir,
      encoding: "utf8",
      env: {
        PATH: `${join(dir, "bin")}:${process.env["PATH"] ?? ""}`,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        FAKE_NPX_ARGS: files.args,
        FAKE_NPX_STDOUT: npx.stdout,
        FAKE_NPX_EXIT: String(npx.exit),
        ...env,
      },
    });
    const contents = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");
    return {
      status: result.status,
      summary: contents(files.summary),
      output: contents(files.output),
      npxArgs: contents(files.args).split("\n").filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
