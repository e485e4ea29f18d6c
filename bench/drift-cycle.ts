// Section 2: one drift cycle. Someone opens SSH on prod-alb-sg; `reconciler reconcile` detects,
// heals (up --refresh, targeted) and verifies. The bare CLI cannot heal without the language
// host, so its sequence is refresh-preview (detect) + the reconciler's own heal engine time
// (substituted, the same `pulumi up` engine call) + refresh-preview (verify).
import type { StackOutcome } from "../reconciler/index.js";
import { addIngressRule, getResource } from "../reconciler/demo/fixture-provider/out-of-band.js";
import type { BenchStack } from "./bench-stacks.js";
import { bareFailure, bareRefreshPreview, engineMs, reconcilerReconcile, type BareCli } from "./commands.js";
import { iterate, type Log } from "./iterate.js";
import { pairedRatio, summarize, type Summary } from "./stats.js";

export interface DriftCycleResult {
  resources: number;
  /** `bin/reconciler reconcile --json`, spawned: detect + heal + verify. */
  reconcile: Summary;
  detectEngine: Summary;
  healEngine: Summary;
  verifyEngine: Summary;
  engineTotal: Summary;
  /** reconcile − engineTotal: what the reconciler adds around the engine calls. */
  overhead: Summary;
  /** Engine operations of the detection when drift is present, each with its median. */
  detectOperations: Array<{ name: string; durationMs: Summary }>;
  bareDetect: Summary;
  bareVerify: Summary;
  /** bareDetect + healEngine (substituted) + bareVerify, per run. */
  bareSequence: Summary;
  reconcileToBareSequence: Summary;
  /** Evidence: the bare CLI's `up --refresh` without the language host. */
  bareUpRefresh: string;
  /** The heal's `up` used --target (only when pending code changes are excluded). */
  healTargets: string[];
}

export function sshOpen(stack: BenchStack): boolean {
  const ingress = getResource(stack.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"];
  return Array.isArray(ingress) && ingress.some((rule: { fromPort?: number }) => rule.fromPort === 22);
}

export function checkHealed(outcomes: readonly StackOutcome[], stack: BenchStack): StackOutcome {
  const [outcome] = outcomes;
  if (!outcome || outcome.outcome !== "healed" || !outcome.heal || !outcome.verification) {
    throw new Error(
      `reconciler reconcile: expected the stack healed and verified, got ${outcome?.outcome ?? "no outcome"} (${outcome?.decision.reason ?? ""})`,
    );
  }
  if (sshOpen(stack)) throw new Error("reconciler reconcile reported healed, but the SSH rule is still in the cloud");
  return outcome;
}

export async function driftCycle(
  cli: BareCli,
  stack: BenchStack,
  counts: { warmup: number; runs: number },
  log: Log,
): Promise<DriftCycleResult> {
  const bareUpRefresh = await bareFailure(cli, stack, ["up", "--refresh", "--yes", "--skip-preview"]);
  log(`  bare \`pulumi up --refresh --yes --skip-preview\`: ${bareUpRefresh}`);
  await bareRefreshPreview(cli, stack, "in-sync"); // the failed up left the stack as it was
  const opNames: string[] = [];
  let healTargets: string[] = [];
  const rec = await iterate("drift cycle", counts, log, async (r, it) => {
    addIngressRule(stack.cloudDir, "prod-alb-sg");
    const bareDetect = await bareRefreshPreview(cli, stack, "drift");
    const run = await reconcilerReconcile(stack.configPath);
    const outcome = checkHealed(run.outcomes, stack);
    const bareVerify = await bareRefreshPreview(cli, stack, "in-sync");
    const detect = engineMs([outcome.report]);
    const heal = outcome.heal?.durationMs ?? 0;
    healTargets = outcome.heal?.targets ?? [];
    const verify = engineMs(outcome.verification ? [outcome.verification] : []);
    for (const op of outcome.report.engineOperations) {
      if (!opNames.includes(op.name)) opNames.push(op.name);
      r.add(`op:${op.name}`, op.durationMs);
    }
    r.add("reconcile", run.wallMs);
    r.add("detectEngine", detect);
    r.add("healEngine", heal);
    r.add("verifyEngine", verify);
    r.add("engineTotal", detect + heal + verify);
    r.add("overhead", run.wallMs - detect - heal - verify);
    r.add("bareDetect", bareDetect);
    r.add("bareVerify", bareVerify);
    r.add("bareSequence", bareDetect + heal + bareVerify);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    log(
      `  ${it.label}: reconcile ${s(run.wallMs)} (engine: detect ${s(detect)}, heal ${s(heal)}, verify ${s(verify)}); bare refresh-preview ${s(bareDetect)} + ${s(bareVerify)}`,
    );
  });
  const get = (name: string) => summarize(rec.series(name));
  return {
    resources: stack.resources,
    reconcile: get("reconcile"),
    detectEngine: get("detectEngine"),
    healEngine: get("healEngine"),
    verifyEngine: get("verifyEngine"),
    engineTotal: get("engineTotal"),
    overhead: get("overhead"),
    detectOperations: opNames.map((name) => ({ name, durationMs: get(`op:${name}`) })),
    bareDetect: get("bareDetect"),
    bareVerify: get("bareVerify"),
    bareSequence: get("bareSequence"),
    reconcileToBareSequence: pairedRatio(rec.series("reconcile"), rec.series("bareSequence")),
    bareUpRefresh,
    healTargets,
  };
}
