// Rendering at big-stack sizes: a real drift outcome's items replicated to k drifted resources,
// then the Markdown report (`reconcile --markdown`) and the issue body (the drift-detected event,
// cut at GitHub's limit) timed. Linear means the time per drifted resource stays flat as k grows.
import { issueBody } from "../reconciler/audit/issue-body.js";
import { detectionEvents } from "../reconciler/audit/stage-events.js";
import { renderOutcomesMarkdown } from "../reconciler/core/render-markdown.js";
import { noHistory } from "../reconciler/core/stack-history.js";
import type { DriftItem, StackOutcome } from "../reconciler/index.js";
import { summarize, type Summary } from "./stats.js";

export interface RenderingRow {
  driftedResources: number;
  markdown: Summary;
  markdownChars: number;
  issueBody: Summary;
  issueBodyChars: number;
  /** Whether the body was cut at GitHub's limit (it says so in its last lines). */
  issueBodyCut: boolean;
}

/** The outcome with its report's drift items replicated (renamed, unique URNs) to exactly `count`. Pure. */
export function scaleDrift(outcome: StackOutcome, count: number): StackOutcome {
  const items = outcome.report.drift;
  if (items.length === 0) throw new Error("scaleDrift: the outcome has no drift items to replicate");
  const drift: DriftItem[] = Array.from({ length: count }, (_, i) => {
    const item = items[i % items.length] as DriftItem;
    const copy = Math.floor(i / items.length);
    return copy === 0 ? item : { ...item, urn: `${item.urn}-c${copy}`, name: `${item.name}-c${copy}` };
  });
  return {
    ...outcome,
    report: { ...outcome.report, drift, resourceCount: Math.max(outcome.report.resourceCount, count) },
  };
}

function timeIt(runs: number, body: () => string): { times: number[]; out: string } {
  let out = "";
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    out = body();
    times.push(performance.now() - started);
  }
  return { times, out };
}

export function renderingAtSizes(outcome: StackOutcome, counts: readonly number[], runs = 15): RenderingRow[] {
  const ctx = { project: outcome.report.project, stack: outcome.report.stack, severityRules: [] };
  const once = (k: number): RenderingRow => {
    const scaled = scaleDrift(outcome, k);
    const markdown = timeIt(runs, () => renderOutcomesMarkdown([scaled]));
    const body = timeIt(runs, () => {
      const event = detectionEvents(scaled.report, scaled.decision, noHistory, ctx).find(
        (e) => e.kind === "drift-detected",
      );
      if (!event || event.kind !== "drift-detected") throw new Error("rendering: no drift-detected event");
      return issueBody(event, scaled.report.startedAt);
    });
    return {
      driftedResources: k,
      markdown: summarize(markdown.times),
      markdownChars: markdown.out.length,
      issueBody: summarize(body.times),
      issueBodyChars: body.out.length,
      issueBodyCut: body.out.includes("… truncated"),
    };
  };
  for (const k of counts) once(k); // warm-up: the renderers compiled before anything is timed
  return counts.map(once);
}
