// Provides the pinned Pulumi YAML language host (package.json → pulumiYaml.version) as
// bin/pulumi-language-yaml next to the pinned CLI, where the engine looks for the language host
// of a `runtime: yaml` project. First match wins, as for the CLI:
//   a. one already there, or on PATH, built from github.com/pulumi/pulumi-yaml at the pin;
//   b. the one bundled with the official Pulumi CLI archive (PulumiCommand.install into a
//      folder of its own), when it is the pinned version;
//   c. a build from source through the Go module proxy: `go install` of cmd/pulumi-language-yaml
//      at the pin (its go.mod has no replace directives), with the version stamped;
//   d. when that fails too, the host bundled with an officially installed CLI, whatever its version.
// The Node.js, Python and Go language hosts are left to the CLI's installer (setup-pulumi.ts).
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, join } from "node:path";
import { SemVer } from "semver";
import { pinnedCliVersion, repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { beforeDeadline } from "../reconciler/engine/before-deadline.js";

const yamlModule = "github.com/pulumi/pulumi-yaml";
const hostName = "pulumi-language-yaml";
const log = (msg: string) => console.log(`setup-language-yaml: ${msg}`);

export function pinnedYamlVersion(root = repoRoot): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { pulumiYaml?: { version?: string } };
  const version = pkg.pulumiYaml?.version;
  if (!version) throw new Error("package.json: set pulumiYaml.version to the Pulumi YAML language host version");
  return version;
}

/**
 * Whether the Go binary at `path` was built from pulumi-yaml at `version`: its build info names
 * the module and version (`mod` or `dep` line), or its -ldflags stamp the version variable.
 */
export function builtFromYamlVersion(path: string, version: string): boolean {
  let binary: Buffer;
  try {
    binary = readFileSync(path);
  } catch {
    return false;
  }
  return (
    binary.includes(`\t${yamlModule}\tv${version}\t`) ||
    binary.includes(`${yamlModule}/pkg/version.Version=v${version}`)
  );
}

function resolved(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function linkInto(bin: string, target: string): void {
  const link = join(bin, hostName);
  if (resolved(link) !== undefined && resolved(link) === resolved(target)) return;
  rmSync(link, { force: true });
  symlinkSync(target, link);
}

function onPath(bin: string): string | undefined {
  return (process.env["PATH"] ?? "")
    .split(delimiter)
    .map((dir) => join(dir, hostName))
    .find((candidate) => candidate !== join(bin, hostName) && existsSync(candidate));
}

/** The official archive of the pinned CLI bundles the YAML host: install it aside, take the host. */
async function fromOfficialArchive(timeoutMs: number): Promise<{ path?: string; reason: string }> {
  const root = join(repoRoot, ".tools", "pulumi-official", `v${pinnedCliVersion()}`);
  const started = Date.now();
  const attempt = PulumiCommand.install({ root, version: new SemVer(pinnedCliVersion()) }).then(
    () => ({ reason: "installed", path: join(root, "bin", hostName) }),
    (err: unknown) => ({
      reason: `failed after ${Date.now() - started} ms (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`,
    }),
  );
  return beforeDeadline(attempt, timeoutMs, { reason: `no answer within ${timeoutMs} ms` });
}

/** Undefined when built, else why not. */
function buildFromSource(bin: string, version: string): string | undefined {
  const result = spawnSync(
    "go",
    [
      "install",
      "-ldflags",
      `-X ${yamlModule}/pkg/version.Version=v${version}`,
      `${yamlModule}/cmd/${hostName}@v${version}`,
    ],
    { stdio: "inherit", env: { ...process.env, GOBIN: bin } },
  );
  if (result.error) return `go could not be run (${result.error.message}): install Go >= 1.24`;
  if (result.status !== 0) return `go install exited with ${result.status} (see its output above)`;
  if (!builtFromYamlVersion(join(bin, hostName), version)) return `the built binary does not name v${version}`;
  return undefined;
}

export interface YamlHostOptions {
  /** The folder holding the pinned CLI's bin/pulumi. */
  bin: string;
  /** Why the official installer already failed in this run, if it did: it is not asked again. */
  officialFailed?: string;
  timeoutMs: number;
}

/** Provides bin/pulumi-language-yaml at the pin, or throws saying what to do. */
export async function provideYamlHost(opts: YamlHostOptions): Promise<void> {
  const started = Date.now();
  const version = pinnedYamlVersion();
  const target = join(opts.bin, hostName);
  mkdirSync(opts.bin, { recursive: true });
  const done = (how: string) =>
    log(`ready: ${target} v${version} (${how}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (builtFromYamlVersion(target, version)) return done("already there");
  const fromPath = onPath(opts.bin);
  if (fromPath && builtFromYamlVersion(fromPath, version)) {
    linkInto(opts.bin, fromPath);
    return done(`linked from PATH: ${fromPath}`);
  }
  const official = opts.officialFailed
    ? { reason: `not asked again (${opts.officialFailed})` }
    : await fromOfficialArchive(opts.timeoutMs);
  if (official.path && builtFromYamlVersion(official.path, version)) {
    linkInto(opts.bin, official.path);
    return done("bundled with the official Pulumi CLI archive");
  }
  const why = official.path ? "the official archive bundles another version" : `official installer: ${official.reason}`;
  log(`${why}; building ${yamlModule}/cmd/${hostName} v${version} from source with Go`);
  const failed = buildFromSource(opts.bin, version);
  if (failed === undefined) return done("built from source");
  // A CLI from the official installer bundles a YAML host of its own: better than none.
  const bundled = [target, official.path].find((path): path is string => path !== undefined && existsSync(path));
  if (bundled) {
    if (bundled !== target) linkInto(opts.bin, bundled);
    log(`building from source failed (${failed}): keeping the host bundled with the CLI, not v${version}`);
    return;
  }
  throw new Error(
    `building ${hostName} v${version} from source failed: ${failed}; ` +
      `projects with runtime: yaml cannot run as local programs until it is provided`,
  );
}
