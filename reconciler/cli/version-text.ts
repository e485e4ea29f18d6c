// `reconciler --version`: the reconciler's own version and the Pulumi CLI and YAML language host it is
// pinned to, read from package.json (found from the sources or the bundle alike).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../engine/cli-root.js";

interface PackageVersions {
  version?: string;
  pulumiCli?: { version?: string };
  pulumiYaml?: { version?: string };
}

export function versionText(root = repoRoot): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageVersions;
  return [
    `reconciler ${pkg.version ?? "unknown"}`,
    `pulumi CLI ${pkg.pulumiCli?.version ?? "unknown"} (pinned)`,
    `pulumi-language-yaml ${pkg.pulumiYaml?.version ?? "unknown"} (pinned)`,
  ].join("\n");
}
