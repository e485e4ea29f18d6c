// Runs a workflow step's `run:` script the way GitHub Actions does for `shell: bash`
// (bash --noprofile --norc -eo pipefail), with a fake `node` and `npx` first on PATH that record the
// command line, print the given stdout and exit with the given code.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeCommand {
  exit: number;
  stdout: string;
}

export interface StepRun {
  status: number | null;
  /** What the step appended to $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT. */
  summary: string;
  output: string;
  /** The command line the step ran through the fake: `node` or `npx`, then its arguments. */
  commandLine: string[];
}

const fakeCommand =
  '#!/usr/bin/env bash\nprintf "%s\\n" "$(basename "$0")" "$@" > "$FAKE_ARGS"\nprintf "%s" "$FAKE_STDOUT"\nexit "$FAKE_EXIT"\n';

export function runWorkflowStep(script: string, fake: FakeCommand, env: Record<string, string> = {}): StepRun {
  const dir = mkdtempSync(join(tmpdir(), "workflow-step-"));
  try {
    mkdirSync(join(dir, "bin"));
    for (const name of ["node", "npx"]) {
      writeFileSync(join(dir, "bin", name), fakeCommand);
      chmodSync(join(dir, "bin", name), 0o755);
    }
    writeFileSync(join(dir, "step.sh"), script);
    const files = {
      summary: join(dir, "summary.md"),
      output: join(dir, "output.txt"),
      args: join(dir, "command-line.txt"),
    };
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(dir, "step.sh")], {
      cwd: dir,
      encoding: "utf8",
      env: {
        PATH: `${join(dir, "bin")}:${process.env["PATH"] ?? ""}`,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        FAKE_ARGS: files.args,
        FAKE_STDOUT: fake.stdout,
        FAKE_EXIT: String(fake.exit),
        ...env,
      },
    });
    const contents = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");
    return {
      status: result.status,
      summary: contents(files.summary),
      output: contents(files.output),
      commandLine: contents(files.args).split("\n").filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
