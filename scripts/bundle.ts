// The CLI as one bundled entry (dist/reconciler/cli/main.js) with lazily loaded chunks: a command loads only
// the modules it needs, so `reconciler --version` and `reconciler stacks` start without the Automation API.
// The fixture provider plugin is bundled beside it, so the engine starts it as plain JavaScript.
// npm packages stay in node_modules (inline programs share @pulumi/pulumi with the reconciler); source maps
// keep stack traces pointing at the TypeScript sources (bin/reconciler runs node --enable-source-maps).
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The CLI, and the fixture provider plugin the demo and the tests start once per engine operation. */
export const bundleEntries = [
  join("reconciler", "cli", "main.ts"),
  join("reconciler", "demo", "fixture-provider", "main.ts"),
];

/** Bundles into outdir (entries: <outdir>/reconciler/cli/main.js and …/demo/fixture-provider/main.js); returns the files written. */
export async function bundleCli(repo: string, outdir: string): Promise<string[]> {
  rmSync(join(outdir, "reconciler"), { recursive: true, force: true });
  rmSync(join(outdir, "chunks"), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: repo,
    entryPoints: bundleEntries,
    outbase: ".",
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "external",
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    logLevel: "warning",
  });
  return Object.keys(result.metafile.outputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = join(fileURLToPath(import.meta.url), "..", "..");
  const files = await bundleCli(repo, join(repo, "dist"));
  process.stdout.write(`bundle: ${files.filter((f) => f.endsWith(".js")).length} files in dist/\n`);
}
