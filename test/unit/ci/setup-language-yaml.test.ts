// The set-up's check that a pulumi-language-yaml binary is the pinned one: by the Go build
// information it carries (the module and version on its mod or dep line), or by the version
// stamped with -ldflags; and the pin itself, read from package.json.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtFromYamlVersion, pinnedYamlVersion } from "../../../scripts/setup-language-yaml.js";

const dir = mkdtempSync(join(tmpdir(), "yaml-host-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function binary(name: string, buildInfo: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), Buffer.from(buildInfo), Buffer.alloc(64)]),
  );
  return path;
}

describe("builtFromYamlVersion", () => {
  it("accepts a binary whose build information names pulumi-yaml at the version", () => {
    const installed = binary(
      "main",
      "path\tgithub.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml\nmod\tgithub.com/pulumi/pulumi-yaml\tv1.25.0\th1:x=\n",
    );
    const wrapped = binary("dep", "mod\twrapper\t(devel)\t\ndep\tgithub.com/pulumi/pulumi-yaml\tv1.25.0\th1:x=\n");
    expect(builtFromYamlVersion(installed, "1.25.0")).toBe(true);
    expect(builtFromYamlVersion(wrapped, "1.25.0")).toBe(true);
  });

  it("accepts a release build that stamps the version with -ldflags", () => {
    const release = binary(
      "release",
      'build\t-ldflags="-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.25.0"\n',
    );
    expect(builtFromYamlVersion(release, "1.25.0")).toBe(true);
  });

  it("refuses another version, a version that only starts the same, and a missing file", () => {
    const older = binary("older", "mod\tgithub.com/pulumi/pulumi-yaml\tv1.24.0\th1:x=\n");
    const longer = binary("longer", "mod\tgithub.com/pulumi/pulumi-yaml\tv1.25.01\th1:x=\n");
    expect(builtFromYamlVersion(older, "1.25.0")).toBe(false);
    expect(builtFromYamlVersion(longer, "1.25.0")).toBe(false);
    expect(builtFromYamlVersion(join(dir, "missing"), "1.25.0")).toBe(false);
  });
});

describe("pinnedYamlVersion", () => {
  it("reads pulumiYaml.version from package.json, and says which key to set when it is missing", () => {
    expect(pinnedYamlVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ pulumiCli: { version: "3.274.0" } }));
    expect(() => pinnedYamlVersion(dir)).toThrow(/package\.json: set pulumiYaml\.version/);
  });
});
