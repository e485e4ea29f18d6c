// Section 8: the CLI's start-up. `bin/reconciler --version` and `bin/reconciler stacks` spawned from the
// bundle (the bench refuses a stale one), and in-sync `detect` by the CLI against the bare
// `pulumi refresh --preview-only` on the YAML fixture project at the given sizes (pending records fresh).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { detectDrift, loadConfig } from "../reconciler/index.js";
import { repoRoot } from "../reconciler/engine/pulumi-cli.js";
import {
  assertChecks,
  assertInSync,
  bareRefreshPreview,
  bareVersion,
  reconcilerDetect,
  runReconciler,
  type BareCli,
} from "./commands.js";
import type { BenchStack } from "./bench-stacks.js";
import { iterate, type Log } from "./iterate.js";
import { expectExit, spawnTimed } from "./spawn-timed.js";
import { pairedRatio, summarize, type Summary } from "./stats.js";
import { deployYamlBenchStack } from "./yaml-bench-stack.js";

export interface StartupSize {
  resources: number;
  bare: Summary;
  cli: Summary;
  cliEngine: Summary;
  cliToBare: Summary;
}

export interface StartupResult {
  /** What `reconciler --version` printed. */
  versionText: string;
  version: Summary;
  stacks: Summary;
  /**
   * `reconciler detect --stack <one not in the config>`: start-up with the engine modules loaded (the
   * Automation API), refused before any engine call. Absent in results from before it was measured.
   */
  engineStartup?: Summary;
  /** `pulumi version`: the bare CLI's own start-up, for scale. */
  bareVersion: Summary;
  /** `node -e ""`: Node.js starting and exiting, nothing loaded. */
  nodeFloor: Summary;
  /** `scripts/run.sh true`: the wrapper bin/reconciler execs node through (Node 22 on PATH, the lock check). */
  wrapper: Summary;
  sizes: StartupSize[];
}

/** The newest .ts file under dir, as ms since the epoch. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** bin/reconciler runs the bundle only when dist/.built is newer than every source: fail early otherwise. */
export function assertFreshBundle(repo: string, what = "CLI start-up"): void {
  const stamp = join(repo, "dist", ".built");
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource(join(repo, "reconciler")))
    throw new Error(
      `${what}: the bundle (dist/) is missing or older than the sources, so bin/reconciler would run them through tsx: run \`npm run build\` first`,
    );
}

export async function cliStartup(
  cli: BareCli,
  root: string,
  opts: { sizes: readonly number[]; warmup: number; runs: number },
  log: Log,
): Promise<StartupResult> {
  assertFreshBundle(repoRoot);
  const stacks: BenchStack[] = [];
  for (const n of opts.sizes) {
    const stack = await deployYamlBenchStack(cli, join(root, `startup-${n}`), n);
    assertInSync(
      await detectDrift({ config: await loadConfig(stack.configPath, {}), forcePendingCheck: true }),
      `first check N=${n}`,
    );
    stacks.push(stack);
  }
  const first = stacks[0];
  if (!first) throw new Error("CLI start-up: no sizes");
  const wrapper = join(repoRoot, "scripts", "run.sh");
  const versionText = (await runReconciler(["--version"], [0])).stdout.trim();
  const rec = await iterate("CLI start-up", opts, log, async (r, it) => {
    r.add("version", (await runReconciler(["--version"], [0])).wallMs);
    r.add("stacks", (await runReconciler(["stacks", "--config", first.configPath], [0])).wallMs);
    const refused = ["detect", "--config", first.configPath, "--stack", "no-such-stack"];
    r.add("engineStartup", (await runReconciler(refused, [1])).wallMs);
    r.add("bareVersion", await bareVersion(cli));
    r.add("nodeFloor", expectExit(await spawnTimed(process.execPath, ["-e", ""]), [0], "node -e").wallMs);
    r.add("wrapper", expectExit(await spawnTimed("bash", [wrapper, "true"]), [0], "scripts/run.sh true").wallMs);
    for (const stack of stacks) {
      r.add(`${stack.resources}:bare`, await bareRefreshPreview(cli, stack, "in-sync"));
      const run = await reconcilerDetect(stack.configPath);
      assertInSync(run.reports, "reconciler detect");
      assertChecks(run.reports, "cached", "reconciler detect", ["preview-refresh"]);
      r.add(`${stack.resources}:cli`, run.wallMs);
      r.add(`${stack.resources}:cliEngine`, run.engineMs);
    }
    log(
      `  ${it.label}: --version ${Math.round(r.series("version").at(-1) ?? 0)} ms, stacks ${Math.round(r.series("stacks").at(-1) ?? 0)} ms`,
    );
  });
  return {
    versionText,
    version: summarize(rec.series("version")),
    stacks: summarize(rec.series("stacks")),
    engineStartup: summarize(rec.series("engineStartup")),
    bareVersion: summarize(rec.series("bareVersion")),
    nodeFloor: summarize(rec.series("nodeFloor")),
    wrapper: summarize(rec.series("wrapper")),
    sizes: stacks.map((s) => ({
      resources: s.resources,
      bare: summarize(rec.series(`${s.resources}:bare`)),
      cli: summarize(rec.series(`${s.resources}:cli`)),
      cliEngine: summarize(rec.series(`${s.resources}:cliEngine`)),
      cliToBare: pairedRatio(rec.series(`${s.resources}:cli`), rec.series(`${s.resources}:bare`)),
    })),
  };
}
