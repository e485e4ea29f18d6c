// The pinned CLI's version is checked by `pulumi version` once per binary: a stamp beside it (its
// size and modification time) lets later processes skip that spawn; another binary is checked again.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkedPulumiCli, cliRoot, pinnedCliVersion } from "../../reconciler/engine/pulumi-cli.js";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function rootWithPinnedCli(): string {
  root = mkdtempSync(join(tmpdir(), "cli-root-"));
  mkdirSync(join(root, "bin"));
  symlinkSync(join(cliRoot(), "bin", "pulumi"), join(root, "bin", "pulumi"));
  return root;
}

const stampOf = (dir: string) => join(dir, "bin", ".pulumi-version-checked.json");

describe("the CLI version stamp", () => {
  it("is written after a real check, and then trusted: the command still runs", async () => {
    const dir = rootWithPinnedCli();
    const first = await checkedPulumiCli(dir);
    expect(first.version?.format()).toBe(pinnedCliVersion());
    const stamp = JSON.parse(readFileSync(stampOf(dir), "utf8")) as { version: string };
    expect(stamp.version).toBe(pinnedCliVersion());

    const second = await checkedPulumiCli(dir);
    expect(second.version?.format()).toBe(pinnedCliVersion());
    const run = (
      second as unknown as { run: (args: string[], cwd: string, env: object) => Promise<{ stdout: string }> }
    ).run;
    const { stdout } = await run.call(second, ["version"], dir, {});
    expect(stdout.trim()).toBe(`v${pinnedCliVersion()}`);
  });

  it("is not trusted for another binary: the version is checked again", async () => {
    const dir = rootWithPinnedCli();
    writeFileSync(stampOf(dir), JSON.stringify({ version: pinnedCliVersion(), size: 1, mtimeMs: 1 }));
    rmSync(join(dir, "bin", "pulumi"));
    writeFileSync(join(dir, "bin", "pulumi"), "#!/bin/sh\necho v3.1.0\n", { mode: 0o755 });
    await expect(checkedPulumiCli(dir)).rejects.toThrow(/No usable Pulumi CLI|the pin is/);
    expect(existsSync(stampOf(dir))).toBe(true);
    expect(JSON.parse(readFileSync(stampOf(dir), "utf8"))).toMatchObject({ size: 1 });
  });
});
