// The CLI's deferred modules: a stand-in until first use, then the real module in every respect.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deferModules } from "../../../reconciler/cli/defer-modules.js";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";

/** A loader like node:module's, counting what it really loaded. */
function fakeLoader() {
  const loaded: string[] = [];
  const modules: Record<string, object> = {
    heavy: { parse: (text: string) => text.length, version: "1.2.3" },
    light: { ok: true },
  };
  const loader = {
    _load(request: string, _parent?: unknown, _isMain?: boolean): unknown {
      loaded.push(request);
      return modules[request];
    },
  };
  return { loader, loaded };
}

describe("deferModules", () => {
  it("loads a deferred module only when something is read from it", () => {
    const { loader, loaded } = fakeLoader();
    deferModules(["heavy"], loader);
    const heavy = loader._load("heavy", undefined, false) as { parse(t: string): number; version: string };
    expect(loaded).toEqual([]);
    expect(heavy.parse("abcd")).toBe(4);
    expect(heavy.version).toBe("1.2.3");
    expect(loaded).toEqual(["heavy"]);
  });

  it("says __esModule before loading, so TypeScript's import helpers keep the stand-in", () => {
    const { loader, loaded } = fakeLoader();
    deferModules(["heavy"], loader);
    const heavy = loader._load("heavy", undefined, false) as { __esModule?: boolean };
    expect(heavy.__esModule).toBe(true);
    expect(loaded).toEqual([]);
  });

  it("answers `in`, keys and descriptors from the real module", () => {
    const { loader } = fakeLoader();
    deferModules(["heavy"], loader);
    const heavy = loader._load("heavy", undefined, false) as object;
    expect("parse" in heavy).toBe(true);
    expect(Object.keys(heavy).sort()).toEqual(["parse", "version"]);
    expect({ ...heavy }).toMatchObject({ version: "1.2.3" });
  });

  it("passes every other module straight through", () => {
    const { loader, loaded } = fakeLoader();
    deferModules(["heavy"], loader);
    expect(loader._load("light", undefined, false)).toEqual({ ok: true });
    expect(loaded).toEqual(["light"]);
  });

  it("on node's own loader, keeps TypeScript and the npm walker unloaded by the Automation API, and serializes a closure with them", () => {
    const dir = mkdtempSync(join(tmpdir(), "defer-modules-"));
    const script = join(dir, "probe.mjs");
    writeFileSync(
      script,
      [
        'import { createRequire } from "node:module";',
        `const { deferModules, deferredModules } = await import(${JSON.stringify(join(repoRoot, "reconciler/cli/defer-modules.ts"))});`,
        "deferModules(deferredModules);",
        `const require = createRequire(${JSON.stringify(join(repoRoot, "package.json"))});`,
        'require("@pulumi/pulumi/automation");',
        "const loaded = () => Object.keys(require.cache).filter((k) => /node_modules\\/(typescript|@npmcli\\/arborist)\\/lib\\//.test(k)).length;",
        "const atImport = loaded();",
        'const closure = await require("@pulumi/pulumi").runtime.serializeFunction(() => 6 * 7);',
        "console.log(JSON.stringify({ atImport, afterUse: loaded(), text: closure.text }));",
        "process.exit(0);",
      ].join("\n"),
    );
    // Plain node, as the bundled CLI runs (Node 22 strips the module's types itself): a loader with
    // customization hooks, such as tsx's, sends CommonJS requires past node:module's _load.
    const out = execFileSync(process.execPath, ["--no-warnings", script], {
      encoding: "utf8",
      cwd: repoRoot,
    });
    const probe = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
      atImport: number;
      afterUse: number;
      text: string;
    };
    expect(probe.atImport).toBe(0);
    expect(probe.afterUse).toBeGreaterThan(0);
    expect(probe.text).toContain("6 * 7");
  }, 60_000);
});
