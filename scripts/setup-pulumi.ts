// Provides the pinned Pulumi CLI under .tools/pulumi/v<pin>/bin, idempotently:
//   a. reuse a CLI already there, or on PATH, whose version equals the pin;
//   b. else the official installer (PulumiCommand.install), with a short timeout;
//   c. else build it from source through the Go module proxy (cached between runs);
//   d. try pulumi-language-nodejs the same way (inline programs do not need it);
//   e. link the dynamic-provider shim from @pulumi/pulumi next to the CLI;
//   f. the pinned YAML language host next to the CLI (setup-language-yaml.ts).
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { spawnSync } from "node:child_process";
import { SemVer } from "semver";
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { beforeDeadline } from "../reconciler/engine/before-deadline.js";
import { cliRoot, pinnedCliVersion, repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { provideYamlHost } from "./setup-language-yaml.js";

const pin = pinnedCliVersion();
const root = cliRoot();
const bin = join(root, "bin");
const officialTimeoutMs = Number(process.env["PULUMI_INSTALL_TIMEOUT_MS"] ?? 20_000);
const log = (msg: string) => console.log(`setup-pulumi: ${msg}`);

async function versionAt(installRoot?: string): Promise<string | undefined> {
  try {
    const cmd = await PulumiCommand.get(
      installRoot ? { root: installRoot, skipVersionCheck: true } : { skipVersionCheck: true },
    );
    return cmd.version?.format();
  } catch {
    return undefined;
  }
}

/** Links bin/<name> to target; a link already leading to the same file is left alone (other runs may be using it). */
function linkInto(target: string, name: string): void {
  const link = join(bin, name);
  if (resolved(link) !== undefined && resolved(link) === resolved(target)) return;
  rmSync(link, { force: true });
  symlinkSync(target, link);
}

function resolved(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  return (process.env["PATH"] ?? "")
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((candidate) => candidate !== join(bin, name) && existsSync(candidate));
}

/** Resolves to undefined on success, or the reason the official route failed. */
async function tryOfficial(): Promise<string | undefined> {
  const started = Date.now();
  const attempt = PulumiCommand.install({ root, version: new SemVer(pin) }).then(
    () => undefined,
    (err: unknown) =>
      `failed after ${Date.now() - started} ms (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`,
  );
  return beforeDeadline(attempt, officialTimeoutMs, `no answer within ${officialTimeoutMs} ms`);
}

function go(args: string[], cwd: string): boolean {
  const result = spawnSync("go", args, { cwd, stdio: "inherit", env: { ...process.env, GOFLAGS: "-mod=mod" } });
  return result.status === 0;
}

/** A wrapper module requiring pkg and sdk at the pin, so pkg's replace directives do not apply. */
function buildFromSource(): boolean {
  const dir = join(repoRoot, ".tools", "pulumi-build", `v${pin}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), "module pulumicli\n\ngo 1.26\n");
  writeFileSync(
    join(dir, "tools.go"),
    '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n',
  );
  const ok =
    go(["get", `github.com/pulumi/pulumi/pkg/v3@v${pin}`, `github.com/pulumi/pulumi/sdk/v3@v${pin}`], dir) &&
    go(["mod", "tidy"], dir) &&
    go(
      [
        "build",
        "-o",
        join(bin, "pulumi"),
        "-ldflags",
        `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${pin}`,
        "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
      ],
      dir,
    );
  return ok;
}

/** The language host has no version tags; only a pseudo-version at the release commit can work. */
function buildLanguageHost(): void {
  const dir = join(repoRoot, ".tools", "pulumi-build", `v${pin}`);
  const mod = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
  const ref = process.env["PULUMI_LANGUAGE_NODEJS_REF"] ?? `v${pin}`;
  const probe = spawnSync("go", ["list", "-m", `${mod}@${ref}`], { cwd: dir, encoding: "utf8" });
  if (probe.status !== 0) {
    log(
      `pulumi-language-nodejs: not served by the Go module proxy (${mod}@${ref}: ${probe.stderr.trim().split("\n")[0]}); inline programs do not need it`,
    );
    return;
  }
  const built = go(["get", `${mod}@${ref}`], dir) && go(["build", "-o", join(bin, "pulumi-language-nodejs"), mod], dir);
  log(built ? "pulumi-language-nodejs built" : "pulumi-language-nodejs: build failed; inline programs do not need it");
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(bin, { recursive: true });
  const shim = join(repoRoot, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  if (!existsSync(shim)) throw new Error(`missing ${shim}: run npm ci first`);

  let official: string | undefined;
  let installedOfficially = false;
  if ((await versionAt(root)) === pin) {
    log(`reusing ${join(bin, "pulumi")} (v${pin})`);
  } else {
    const fromPath = onPath("pulumi");
    if (fromPath && (await versionAt()) === pin) {
      linkInto(fromPath, "pulumi");
      log(`reusing ${fromPath} from PATH (v${pin})`);
    } else if ((official = await tryOfficial()) === undefined) {
      installedOfficially = true;
      log(`installed v${pin} with the official installer`);
    } else {
      log(`official installer: ${official}; building v${pin} from source with Go`);
      if (!buildFromSource())
        throw new Error(`building the Pulumi CLI v${pin} from source failed (see the go output above)`);
      buildLanguageHost();
    }
  }
  linkInto(shim, "pulumi-resource-pulumi-nodejs");
  const got = await versionAt(root);
  if (got !== pin) throw new Error(`${join(bin, "pulumi")} reports ${got ?? "no version"}, expected ${pin}`);
  const size = statSync(join(bin, "pulumi")).size;
  log(
    `ready: ${join(bin, "pulumi")} v${got} (${(size / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const bundledElsewhere = installedOfficially ? "its archive, installed just now, bundles another version" : undefined;
  await provideYamlHost({ bin, officialFailed: official ?? bundledElsewhere, timeoutMs: officialTimeoutMs });
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`setup-pulumi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
