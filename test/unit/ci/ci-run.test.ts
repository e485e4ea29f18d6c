// CI runs what a user runs: .ci/run is the README's quick-start commands, exactly and in the same
// order, so set-up that only CI did (a browser, moto) cannot hide a command that fails for users.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");

/** The commands in the first fenced shell block under "## Quick start", without their comments. */
function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## Quick start$/m)[1]?.split(/^## /m)[0] ?? "";
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1] ?? "";
  return commands(block);
}

/** The commands a script runs: every line but blanks, comments, `set` options and the `cd` to the repository. */
function scriptCommands(script: string): string[] {
  return commands(script).filter((line) => !/^set -/.test(line) && !/^cd "\$\(dirname /.test(line));
}

function commands(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

describe(".ci/run", () => {
  const readme = read("README.md");

  it("runs the README's quick-start commands, in the README's order, and nothing else", () => {
    const quickStart = quickStartCommands(readme);
    expect(quickStart).toEqual(["npm run demo", "npm test", "npm run check"]);
    expect(scriptCommands(read(".ci/run"))).toEqual(quickStart);
  });

  it("fails the check when CI does set-up of its own or runs the commands in another order", () => {
    const quickStart = quickStartCommands(readme);
    const withSetUp = read(".ci/run").replace("npm test", "apt-get install -y chromium\nnpm test");
    const reordered = read(".ci/run").replace("npm run demo\nnpm test", "npm test\nnpm run demo");
    expect(scriptCommands(withSetUp)).not.toEqual(quickStart);
    expect(scriptCommands(reordered)).not.toEqual(quickStart);
  });
});
