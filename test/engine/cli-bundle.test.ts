// The bundled CLI (what bin/reconciler, the image and the workflow run): built by scripts/bundle.ts into a
// folder of its own, its commands answer as the sources do, and the light commands leave the Automation API
// unloaded.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../reconciler/engine/pulumi-cli.js";
import { bundleCli } from "../../scripts/bundle.js";

const run = promisify(execFile);
// Inside the repository, so the bundle finds package.json above it as dist/ does.
mkdirSync(join(repoRoot, "test-results"), { recursive: true });
const outdir = mkdtempSync(join(repoRoot, "test-results", "bundle-"));
const entry = join(outdir, "reconciler", "cli", "main.js");
// Logs every module specifier that resolves to @pulumi/pulumi, from Node's own resolve hook.
const resolveLogger =
  "data:text/javascript," +
  encodeURIComponent(
    'import { register } from "node:module"; register("data:text/javascript," + encodeURIComponent(' +
      '"export async function resolve(s, c, next) { if (s.includes(\\"@pulumi/pulumi\\")) process.stderr.write(\\"LOADED \\" + s + \\"\\\\n\\"); return next(s, c); }"));',
  );

async function bundled(args: string[], nodeArgs: string[] = []) {
  return run(process.execPath, [...nodeArgs, "--enable-source-maps", entry, ...args], { cwd: repoRoot });
}

beforeAll(async () => {
  await bundleCli(repoRoot, outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the bundled CLI", () => {
  it("prints the reconciler's version and the pinned Pulumi CLI and YAML host with --version", async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      version: string;
      pulumiCli: { version: string };
      pulumiYaml: { version: string };
    };
    const { stdout } = await bundled(["--version"]);
    expect(stdout.trim().split("\n")).toEqual([
      `reconciler ${pkg.version}`,
      `pulumi CLI ${pkg.pulumiCli.version} (pinned)`,
      `pulumi-language-yaml ${pkg.pulumiYaml.version} (pinned)`,
    ]);
  });

  it("lists the stacks and prints the report schema as the sources do", async () => {
    const { stdout: stacks } = await bundled(["stacks", "--json"]);
    expect(JSON.parse(stacks)).toEqual(["dev", "prod"]);
    const { stdout: schema } = await bundled(["schema"]);
    expect(JSON.parse(schema)).toEqual(
      JSON.parse(readFileSync(join(repoRoot, "schema", "drift-report.schema.json"), "utf8")),
    );
  });

  it("loads no Automation API for --version, --help and stacks, and does for detect", async () => {
    for (const args of [["--version"], ["--help"], ["stacks"]]) {
      const { stderr } = await bundled(args, ["--import", resolveLogger]);
      expect(stderr, args.join(" ")).not.toContain("LOADED");
    }
    // A stack that does not exist fails on its first engine call, after the engine modules loaded.
    const detect = await bundled(["detect", "--stack", "nope"], ["--import", resolveLogger]).catch(
      (err: { stderr: string; code: number }) => err,
    );
    expect(detect.stderr).toContain("LOADED @pulumi/pulumi");
  });

  it("leaves TypeScript, the npm dependency walker and the AWS SDK unloaded when detect loads the Automation API", async () => {
    // Node's own CommonJS loader (no resolve hook, which would route requires past it), asked at exit.
    const probe = join(outdir, "loaded-probe.cjs");
    writeFileSync(
      probe,
      `process.on("exit", () => {
        const names = Object.keys(require.cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k)?.[1]);
        process.stderr.write("CACHED " + [...new Set(names)].filter(Boolean).sort().join(",") + "\\n");
      });`,
    );
    const detect = await bundled(["detect", "--stack", "nope"], ["--require", probe]).catch(
      (err: { stderr: string; code: number }) => err,
    );
    const cached = /CACHED (.*)/.exec(detect.stderr)?.[1]?.split(",") ?? [];
    expect(cached).toContain("@pulumi/pulumi");
    expect(cached).not.toContain("typescript");
    expect(cached).not.toContain("@npmcli/arborist");
    expect(cached).not.toContain("@aws-sdk/client-cloudtrail");
  });

  it("keeps source maps that point at the TypeScript sources", () => {
    const map = JSON.parse(readFileSync(`${entry}.map`, "utf8")) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith("reconciler/cli/main.ts"))).toBe(true);
    expect(existsSync(join(outdir, "chunks"))).toBe(true);
  });

  it("holds the fixture provider plugin, which starts as plain JavaScript and announces its port", async () => {
    const plugin = spawn(process.execPath, [join(outdir, "reconciler", "demo", "fixture-provider", "main.js")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      plugin.stdout.once("data", (data: Buffer) => resolve(data.toString().trim()));
      plugin.once("exit", (code) => reject(new Error(`the plugin exited with ${code}`)));
    });
    plugin.kill("SIGKILL");
    expect(port).toMatch(/^\d+$/);
  });
});
