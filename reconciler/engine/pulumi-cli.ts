// Where the reconciler finds the Pulumi CLI, and its version check. The pinned version lives in
// package.json ("pulumiCli"). The check runs `pulumi version` itself rather than through
// PulumiCommand.get, which would hand the CLI this process's whole environment (the GitHub
// token, every stack's passphrase): it gets the engine settings only (core/engine-env.ts).
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { SemVer } from "semver";
import { join } from "node:path";
import { engineSettings } from "../core/engine-env.js";
import type { Env } from "../core/loaded-config.js";
import { diskFiles } from "../files/durable-files.js";
import { inheritedEnv } from "./inherited-env.js";

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

/** The Automation API's command for this binary and version (its constructor only holds the two). */
function pulumiCommandOf(root: string, version: SemVer): PulumiCommand {
  const cli = Object.create(PulumiCommand.prototype) as PulumiCommand & { command: string; version: SemVer };
  cli.command = join(root, "bin", "pulumi");
  cli.version = version;
  return cli;
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
  return pulumiCommandOf(root, new SemVer(pin));
}

/** What `pulumi version` says, asked with the engine settings of `ambient` as its whole environment. */
async function askVersion(root: string, ambient: Env): Promise<SemVer> {
  const env = { ...engineSettings(ambient), PULUMI_SKIP_UPDATE_CHECK: "true" };
  const { stdout } = await promisify(execFile)(join(root, "bin", "pulumi"), ["version"], { env, timeout: 60_000 });
  return new SemVer(stdout.trim().replace(/^v/, ""));
}

function stampVersion(root: string, version: string): void {
  const binary = binaryIdentity(root);
  if (!binary) return;
  try {
    diskFiles.replace(stampFile(root), `${JSON.stringify({ version, ...binary })}\n`);
  } catch {
    // A read-only install is checked every time instead.
  }
}

/** `ambient`: where the check's engine settings (PATH, HOME, proxies) come from; default: the inherited environment. */
export async function checkedPulumiCli(root: string, ambient: Env = inheritedEnv()): Promise<PulumiCommand> {
  const pin = pinnedCliVersion();
  const known = stampedCli(root, pin);
  if (known) return known;
  let cli: PulumiCommand;
  try {
    cli = pulumiCommandOf(root, await askVersion(root, ambient));
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
