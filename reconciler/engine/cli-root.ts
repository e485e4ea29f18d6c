// Where the repository and the pinned Pulumi CLI are, without loading the Automation API: listing stacks,
// loading the config and printing versions need these paths and nothing of the engine.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json, from the sources or from their compiled copy in dist/. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export function pinnedCliVersion(root = repoRoot): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { pulumiCli?: { version?: string } };
  const version = pkg.pulumiCli?.version;
  if (!version) throw new Error("package.json: set pulumiCli.version to the Pulumi CLI version to use");
  return version;
}

/** The install root holding bin/pulumi: the given one ($PULUMI_CLI_ROOT, read by the CLI), or .tools/pulumi/v<pin>. */
export function cliRoot(configured?: string): string {
  return configured ?? join(repoRoot, ".tools", "pulumi", `v${pinnedCliVersion()}`);
}
