// Section 5: fair baselines. On the YAML fixture project (a local program the pinned YAML language
// host runs for the bare CLI and for the reconciler alike) both sides do the same work:
//   forced:    bare `pulumi preview --refresh` vs detection with the pending check forced;
//   fast path: bare `pulumi refresh --preview-only` vs detection with a fresh pending record;
//   cycle:     the seed-style bare script (preview --refresh --expect-no-changes, up --refresh,
//              preview --refresh --expect-no-changes) vs `reconcile`, after the same out-of-band drift.
// Each reconciler side twice: the library in this (warm) process with its stacks kept open, and the
// CLI spawned. All of one size's measurements run back to back in every iteration.
import { addIngressRule } from "../reconciler/demo/fixture-provider/out-of-band.js";
import { stackCache, type StackCache } from "../reconciler/engine/stack-cache.js";
import { detectDrift, loadConfig, reconcile, type LoadedConfig, type StackOutcome } from "../reconciler/index.js";
import type { BenchStack } from "./bench-stacks.js";
import {
  assertChecks,
  assertInSync,
  bareFailure,
  barePreviewRefresh,
  bareRefreshPreview,
  bareVersion,
  engineMs,
  reconcilerDetect,
  reconcilerReconcile,
  runBare,
  runReconciler,
  type BareCli,
} from "./commands.js";
import { checkHealed, sshOpen } from "./drift-cycle.js";
import { iterate, type Log, type Recorder } from "./iterate.js";
import { expectExit } from "./spawn-timed.js";
import { pairedDifference, pairedRatio, summarize, type Summary } from "./stats.js";

/** One comparison at one size: the bare command(s) against the reconciler's library call and CLI. */
export interface FairComparison {
  bare: Summary;
  /** The library call in the bench's process (warm: modules loaded, stacks open, CLI version known). */
  library: Summary;
  /** `bin/reconciler …` spawned. */
  cli: Summary;
  /** Engine time inside the library call / the CLI run (their reports' engineOperations, plus a heal). */
  libraryEngine: Summary;
  cliEngine: Summary;
  libraryToBare: Summary;
  cliToBare: Summary;
  /** Reconciler − bare, per run: the fixed cost per stack. */
  libraryOverhead: Summary;
  cliOverhead: Summary;
  /** The library call's engine operations (and the heal), each with its median. */
  libraryOperations: Array<{ name: string; durationMs: Summary }>;
  /** The bare script's commands, each with its median (the drift cycle only). */
  bareCommands?: Array<{ name: string; durationMs: Summary }>;
}

export interface FairSize {
  resources: number;
  deployMs: number;
  forced: FairComparison;
  fastPath: FairComparison;
  /** Absent when this size is not in the cycle sizes. */
  cycle?: FairComparison;
}

export interface FairResult {
  /** `bin/reconciler stacks --config …`: the CLI's start-up. */
  startup: Summary;
  /** `pulumi version`: the bare CLI's start-up. */
  bareStartup: Summary;
  /** What the bare script's first command said about the drift (its exit is expected non-zero). */
  bareDriftEvidence: string;
  sizes: FairSize[];
}

type Part = "forced" | "fastPath" | "cycle";
const parts: readonly Part[] = ["forced", "fastPath", "cycle"];

/** Reconciler engine time of a reconcile: detection, heal, verification. */
function outcomeEngineMs(outcome: StackOutcome): number {
  return (
    engineMs([outcome.report]) +
    (outcome.heal?.durationMs ?? 0) +
    engineMs(outcome.verification ? [outcome.verification] : [])
  );
}

/** The operation names as the results list them: a heal's verification marked as such. */
const operationOrder = [
  "preview-refresh",
  "preview --refresh",
  "preview",
  "heal (up --refresh)",
  "verification: preview-refresh",
] as const;

function recordOperations(
  rec: Recorder,
  prefix: string,
  outcome: Pick<StackOutcome, "report" | "heal" | "verification">,
): void {
  for (const op of outcome.report.engineOperations) rec.add(`${prefix}op:${op.name}`, op.durationMs);
  if (outcome.heal) rec.add(`${prefix}op:heal (up --refresh)`, outcome.heal.durationMs);
  for (const op of outcome.verification?.engineOperations ?? [])
    rec.add(`${prefix}op:verification: ${op.name}`, op.durationMs);
}

/** The bare script's commands, as the results name them. */
const bareCycleCommands = [
  "preview --refresh --expect-no-changes (drift)",
  "up --refresh --yes --skip-preview",
  "preview --refresh --expect-no-changes (in sync)",
] as const;

/** The seed-style bare drift cycle; returns each command's wall time. */
async function bareCycle(cli: BareCli, stack: BenchStack): Promise<[number, number, number]> {
  const detect = await runBare(cli, stack, ["preview", "--refresh", "--expect-no-changes"]);
  if (detect.code === 0 || !/\d+ to update/.test(detect.stdout)) {
    throw new Error(
      `pulumi preview --refresh --expect-no-changes: expected the drift (an update, exit non-zero), got exit ${detect.code}:\n${detect.stdout.slice(-800)}\n${detect.stderr.slice(-400)}`,
    );
  }
  const up = expectExit(
    await runBare(cli, stack, ["up", "--refresh", "--yes", "--skip-preview"]),
    [0],
    "pulumi up --refresh",
  );
  const verify = expectExit(
    await runBare(cli, stack, ["preview", "--refresh", "--expect-no-changes"]),
    [0],
    "pulumi preview --refresh --expect-no-changes (after the heal)",
  );
  if (sshOpen(stack)) throw new Error("pulumi up --refresh succeeded, but the SSH rule is still in the cloud");
  return [detect.wallMs, up.wallMs, verify.wallMs];
}

async function measureSize(
  rec: Recorder,
  cli: BareCli,
  stack: BenchStack,
  config: LoadedConfig,
  cache: StackCache,
  withCycle: boolean,
  log: Log,
  label: string,
): Promise<void> {
  const key = (part: Part, name: string) => `${stack.resources}:${part}:${name}`;
  const add = (part: Part, side: "bare" | "library" | "cli", ms: number, engine?: number) => {
    rec.add(key(part, side), ms);
    if (engine !== undefined) rec.add(key(part, `${side}Engine`), engine);
  };
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await run();
    return [result, performance.now() - started];
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const line: string[] = [];

  // Detection with the pending check forced: the program runs on both sides.
  const forcedBare = await barePreviewRefresh(cli, stack);
  add("forced", "bare", forcedBare);
  const [forced, forcedMs] = await timed(() => detectDrift({ config, forcePendingCheck: true, stackCache: cache }));
  assertInSync(forced, "detectDrift (forced)");
  assertChecks(forced, "checked", "detectDrift (forced)");
  add("forced", "library", forcedMs, engineMs(forced));
  for (const report of forced) recordOperations(rec, key("forced", ""), { report });
  const forcedCli = await reconcilerDetect(stack.configPath, ["--check-pending"]);
  assertInSync(forcedCli.reports, "reconciler detect --check-pending");
  assertChecks(forcedCli.reports, "checked", "reconciler detect --check-pending");
  add("forced", "cli", forcedCli.wallMs, forcedCli.engineMs);
  line.push(`forced: bare ${s(forcedBare)}, library ${s(forcedMs)}, CLI ${s(forcedCli.wallMs)}`);

  // The drift fast path: the record is fresh, so only the refresh preview runs.
  const fastBare = await bareRefreshPreview(cli, stack, "in-sync");
  add("fastPath", "bare", fastBare);
  const [fast, fastMs] = await timed(() => detectDrift({ config, stackCache: cache }));
  assertInSync(fast, "detectDrift");
  assertChecks(fast, "cached", "detectDrift", ["preview-refresh"]);
  add("fastPath", "library", fastMs, engineMs(fast));
  for (const report of fast) recordOperations(rec, key("fastPath", ""), { report });
  const fastCli = await reconcilerDetect(stack.configPath);
  assertInSync(fastCli.reports, "reconciler detect");
  assertChecks(fastCli.reports, "cached", "reconciler detect", ["preview-refresh"]);
  add("fastPath", "cli", fastCli.wallMs, fastCli.engineMs);
  line.push(`fast path: bare ${s(fastBare)}, library ${s(fastMs)}, CLI ${s(fastCli.wallMs)}`);

  if (withCycle) {
    // The same out-of-band change before each side: SSH opened to the world on the ALB's group.
    addIngressRule(stack.cloudDir, "prod-alb-sg");
    const commands = await bareCycle(cli, stack);
    const bare = commands.reduce((a, b) => a + b, 0);
    add("cycle", "bare", bare);
    commands.forEach((ms, i) => rec.add(key("cycle", `bare:${bareCycleCommands[i] ?? i}`), ms));
    addIngressRule(stack.cloudDir, "prod-alb-sg");
    const [outcomes, libMs] = await timed(() => reconcile({ config, stackCache: cache }));
    const healed = checkHealed(outcomes, stack);
    add("cycle", "library", libMs, outcomeEngineMs(healed));
    recordOperations(rec, key("cycle", ""), healed);
    addIngressRule(stack.cloudDir, "prod-alb-sg");
    const cliRun = await reconcilerReconcile(stack.configPath);
    const cliHealed = checkHealed(cliRun.outcomes, stack);
    add("cycle", "cli", cliRun.wallMs, outcomeEngineMs(cliHealed));
    line.push(`cycle: bare ${s(bare)}, library ${s(libMs)}, CLI ${s(cliRun.wallMs)}`);
  }
  log(`  N=${stack.resources} ${label}: ${line.join("; ")}`);
}

function comparison(rec: Recorder, prefix: string): FairComparison {
  const get = (name: string) => rec.series(`${prefix}${name}`);
  const opNames = operationOrder.filter((name) => get(`op:${name}`).length > 0);
  return {
    bare: summarize(get("bare")),
    library: summarize(get("library")),
    cli: summarize(get("cli")),
    libraryEngine: summarize(get("libraryEngine")),
    cliEngine: summarize(get("cliEngine")),
    libraryToBare: pairedRatio(get("library"), get("bare")),
    cliToBare: pairedRatio(get("cli"), get("bare")),
    libraryOverhead: pairedDifference(get("library"), get("bare")),
    cliOverhead: pairedDifference(get("cli"), get("bare")),
    libraryOperations: opNames.map((name) => ({ name, durationMs: summarize(get(`op:${name}`)) })),
    ...(get(`bare:${bareCycleCommands[0]}`).length > 0
      ? { bareCommands: bareCycleCommands.map((name) => ({ name, durationMs: summarize(get(`bare:${name}`)) })) }
      : {}),
  };
}

export async function fairBaselines(
  cli: BareCli,
  stacks: readonly BenchStack[],
  opts: { warmup: number; runs: number; cycleSizes: readonly number[] },
  log: Log,
): Promise<FairResult> {
  const first = stacks[0];
  if (!first) throw new Error("fair baselines: no stacks");
  const cache = stackCache();
  const configs = new Map<number, LoadedConfig>();
  for (const stack of stacks) {
    const config = await loadConfig(stack.configPath, {});
    configs.set(stack.resources, config);
    // Warms this process for the stack (opens it into the cache) and writes a fresh pending record.
    const reports = await detectDrift({ config, forcePendingCheck: true, stackCache: cache });
    assertInSync(reports, `detectDrift on the YAML stack of ${stack.resources} resources`);
  }
  addIngressRule(first.cloudDir, "prod-alb-sg");
  const bareDriftEvidence = await bareFailure(cli, first, ["preview", "--refresh", "--expect-no-changes"]);
  await runBare(cli, first, ["up", "--refresh", "--yes", "--skip-preview"]).then((run) =>
    expectExit(run, [0], "pulumi up --refresh (undoing the evidence's drift)"),
  );
  log(`  bare \`pulumi preview --refresh --expect-no-changes\` with drift: ${bareDriftEvidence}`);
  const rec = await iterate("fair baselines", opts, log, async (r, it) => {
    r.add("startup", (await runReconciler(["stacks", "--config", first.configPath], [0])).wallMs);
    r.add("bareStartup", await bareVersion(cli));
    // Warm-ups run the smallest stack only, as in section 1.
    for (const stack of it.warmup ? [first] : stacks) {
      const config = configs.get(stack.resources) as LoadedConfig;
      const withCycle = opts.cycleSizes.includes(stack.resources);
      await measureSize(r, cli, stack, config, cache, withCycle, log, it.label);
    }
  });
  const sizes = stacks.map((stack): FairSize => {
    const [forced, fastPath, cycle] = parts.map((part) => comparison(rec, `${stack.resources}:${part}:`));
    return {
      resources: stack.resources,
      deployMs: stack.deployMs,
      forced: forced as FairComparison,
      fastPath: fastPath as FairComparison,
      ...(opts.cycleSizes.includes(stack.resources) && cycle ? { cycle } : {}),
    };
  });
  return {
    startup: summarize(rec.series("startup")),
    bareStartup: summarize(rec.series("bareStartup")),
    bareDriftEvidence,
    sizes,
  };
}
