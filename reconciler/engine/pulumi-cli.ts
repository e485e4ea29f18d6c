// Where the reconciler finds the Pulumi CLI: always through PulumiCommand.get, never by
// spawning `pulumi` ourselves. The pinned version lives in package.json ("pulumiCli").
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { SemVer } from "semver";
import { join } from "node:path";

import { cliRoot, pinnedCliVersion } from "./cli-root.js";

export { cliRoot, pinnedCliVersion, repoRoot } from "./cli-root.js";

export class PulumiCliMissingError extends Error {
  override readonly name = "PulumiCliMissingError";
}

/** One check of the CLI's version per install root and process: a service asks every cycle. */
const checked = new Map<string, Promise<PulumiCommand>>();

/** The pinned CLI as an Automation API command; a clear error says how to provide it. */
export function getPulumiCli(root = cliRoot()): Promise<PulumiCommand> {
  let cli = checked.get(root);
  if (!cli) {
    cli = checkedPulumiCli(root);
    // A CLI that is missing now may be installed before the next cycle.
    cli.catch(() => checked.delete(root));
    checked.set(root, cli);
  }
  return cli;
}

/**
 * What `pulumi version` said about this very binary (its size and modification time), kept beside
 * it: a later process trusts it instead of spawning `pulumi version` again (about 0.25 s a run).
 */
interface VersionStamp {
  version: string;
  size: number;
  mtimeMs: number;
}

const stampFile = (root: string) => join(root, "bin", ".pulumi-version-checked.json");

function binaryIdentity(root: string): { size: number; mtimeMs: number } | undefined {
  try {
    const { size, mtimeMs } = statSync(join(root, "bin", "pulumi"));
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

function stampedCli(root: string, pin: string): PulumiCommand | undefined {
  const binary = binaryIdentity(root);
  if (!binary) return undefined;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(root), "utf8")) as Partial<VersionStamp>;
    if (stamp.version !== pin || stamp.size !== binary.size || stamp.mtimeMs !== binary.mtimeMs) return undefined;
  } catch {
    return undefined;
  }
  // PulumiCommand.get always spawns `pulumi version`; its constructor only holds the path and version.
  const cli = Object.create(PulumiCommand.prototype) as PulumiCommand & { command: string; version: SemVer };
  cli.command = join(root, "bin", "pulumi");
  cli.version = new SemVer(pin);
  return cli;
}

function stampVersion(root: string, version: string): void {
  const binary = binaryIdentity(root);
  if (!binary) return;
  try {
    writeFileSync(stampFile(root), `${JSON.stringify({ version, ...binary })}\n`);
  } catch {
    // A read-only install is checked every time instead.
  }
}

export async function checkedPulumiCli(root: string): Promise<PulumiCommand> {
  const pin = pinnedCliVersion();
  const known = stampedCli(root, pin);
  if (known) return known;
  let cli: PulumiCommand;
  try {
    cli = await PulumiCommand.get({ root, version: new SemVer(pin) });
  } catch (cause) {
    throw new PulumiCliMissingError(
      `No usable Pulumi CLI under ${root}: run \`npm run setup\` (or set PULUMI_CLI_ROOT to a folder with bin/pulumi)`,
      { cause },
    );
  }
  if (cli.version?.format() !== pin) {
    throw new PulumiCliMissingError(
      `${root}/bin/pulumi is v${cli.version?.format() ?? "?"}, the pin is v${pin}: run \`npm run setup\``,
    );
  }
  stampVersion(root, pin);
  return cli;
}
