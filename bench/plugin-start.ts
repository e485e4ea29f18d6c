// How long the fixture provider plugin takes from spawn to announcing its gRPC port (what the engine waits
// for before every operation), run as the bundle and as the TypeScript sources through tsx.
// `bash scripts/run.sh tsx bench/plugin-start.ts [runs]`: prints the medians as JSON.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import { summarize } from "./stats.js";

const runs = Number(process.argv[2] ?? 7);
const launches = {
  bundle: ["--enable-source-maps", join(repoRoot, "dist", "reconciler", "demo", "fixture-provider", "main.js")],
  tsx: [
    "--import",
    join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs"),
    join(repoRoot, "reconciler", "demo", "fixture-provider", "main.ts"),
  ],
};

/** Milliseconds from spawn to the first line on stdout (the port), then the plugin is stopped. */
function startOnce(args: string[]): Promise<number> {
  const started = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    proc.stdout.once("data", () => {
      resolve(performance.now() - started);
      proc.kill("SIGKILL");
    });
    proc.once("exit", (code) => reject(new Error(`plugin exited with ${code} before printing its port`)));
  });
}

const results: Record<string, unknown> = {};
for (const [name, args] of Object.entries(launches)) {
  await startOnce(args); // warm the compile cache and the page cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await startOnce(args));
  results[name] = summarize(samples);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
