// Section 1: detection of an in-sync stack of N resources (the TypeScript fixture, an inline
// program) on its fast path: the pending record is fresh, so detection is one refresh preview,
// the same engine call as the bare `pulumi refresh --preview-only`. The reconciler CLI as a user
// runs it, the library call in-process, and the bare command, back to back in every run.
import { detectDrift, loadConfig } from "../reconciler/index.js";
import type { BenchStack } from "./bench-stacks.js";
import {
  assertChecks,
  assertInSync,
  bareFailure,
  bareRefreshPreview,
  bareVersion,
  engineMs,
  reconcilerDetect,
  runReconciler,
  type BareCli,
} from "./commands.js";
import { iterate, type Log, type Recorder } from "./iterate.js";
import { pairedRatio, summarize, type Summary } from "./stats.js";

interface InSyncSize {
  resources: number;
  deployMs: number;
  /** `bin/reconciler detect --json`, spawned: wall time. */
  cli: Summary;
  /** Engine time inside that run (sum of its DriftReport.engineOperations). */
  cliEngine: Summary;
  /** cli − engine − start-up (same run): workspace set-up, program import, output. */
  cliRest: Summary;
  library: Summary;
  libraryEngine: Summary;
  libraryRest: Summary;
  bare: Summary;
  cliToBare: Summary;
  libraryToBare: Summary;
  engineToBare: Summary;
}

export interface InSyncResult {
  /** `bin/reconciler stacks --config …`: bash wrapper, tsx, loading every module, reading the config. */
  startup: Summary;
  /** `pulumi version`: the bare CLI's own process start-up. */
  bareStartup: Summary;
  /** Evidence that the bare CLI cannot run the reconciler's actual command without the language host. */
  barePreviewRefresh: string;
  sizes: InSyncSize[];
}

async function measureSize(
  rec: Recorder,
  cli: BareCli,
  stack: BenchStack,
  startupMs: number,
  log: Log,
  iteration: string,
): Promise<void> {
  const key = (name: string) => `${stack.resources}:${name}`;
  const spawned = await reconcilerDetect(stack.configPath);
  assertInSync(spawned.reports, "reconciler detect");
  assertChecks(spawned.reports, "cached", "reconciler detect", ["preview-refresh"]);
  const bare = await bareRefreshPreview(cli, stack, "in-sync");
  const config = await loadConfig(stack.configPath, {});
  const started = performance.now();
  const reports = await detectDrift({ config });
  const library = performance.now() - started;
  assertInSync(reports, "detectDrift");
  assertChecks(reports, "cached", "detectDrift", ["preview-refresh"]);
  const libEngine = engineMs(reports);
  rec.add(key("cli"), spawned.wallMs);
  rec.add(key("cliEngine"), spawned.engineMs);
  rec.add(key("cliRest"), spawned.wallMs - spawned.engineMs - startupMs);
  rec.add(key("bare"), bare);
  rec.add(key("library"), library);
  rec.add(key("libraryEngine"), libEngine);
  rec.add(key("libraryRest"), library - libEngine);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  log(
    `  N=${stack.resources} ${iteration}: reconciler detect ${s(spawned.wallMs)} (engine ${s(spawned.engineMs)}), detectDrift() ${s(library)}, pulumi refresh --preview-only ${s(bare)}`,
  );
}

export async function inSyncDetection(
  cli: BareCli,
  stacks: readonly BenchStack[],
  counts: { warmup: number; runs: number },
  log: Log,
): Promise<InSyncResult> {
  const first = stacks[0];
  if (!first) throw new Error("in-sync detection: no stacks");
  const barePreviewRefresh = await bareFailure(cli, first, ["preview", "--refresh"]);
  log(`  bare \`pulumi preview --refresh\`: ${barePreviewRefresh}`);
  for (const stack of stacks) {
    // The first detection runs the program (no record yet) and writes the record the measured runs use.
    assertInSync(await detectDrift({ config: await loadConfig(stack.configPath, {}) }), "detectDrift (first check)");
  }
  const rec = await iterate("in-sync detection", counts, log, async (r, it) => {
    const startup = await runReconciler(["stacks", "--config", first.configPath], [0]);
    r.add("startup", startup.wallMs);
    r.add("bareStartup", await bareVersion(cli));
    // The warm-up runs the smallest stack only: the caches it warms (tsx, modules, disk, the CLI
    // binary) are shared by every size, and a full warm-up of the 200-resource stack costs minutes.
    for (const stack of it.warmup ? [first] : stacks) await measureSize(r, cli, stack, startup.wallMs, log, it.label);
  });
  const sizes = stacks.map((stack): InSyncSize => {
    const get = (name: string) => rec.series(`${stack.resources}:${name}`);
    return {
      resources: stack.resources,
      deployMs: stack.deployMs,
      cli: summarize(get("cli")),
      cliEngine: summarize(get("cliEngine")),
      cliRest: summarize(get("cliRest")),
      library: summarize(get("library")),
      libraryEngine: summarize(get("libraryEngine")),
      libraryRest: summarize(get("libraryRest")),
      bare: summarize(get("bare")),
      cliToBare: pairedRatio(get("cli"), get("bare")),
      libraryToBare: pairedRatio(get("library"), get("bare")),
      engineToBare: pairedRatio(get("cliEngine"), get("bare")),
    };
  });
  return {
    startup: summarize(rec.series("startup")),
    bareStartup: summarize(rec.series("bareStartup")),
    barePreviewRefresh,
    sizes,
  };
}
