// Markdown for people: one section per stack with drift (cloud vs last deployment, per
// property), pending code changes kept apart, what was decided and what happened. Pure.
// Names, paths, values and error messages are untrusted: each is shown through inert-markdown.ts.
import type { DriftReport } from "./drift-report.js";
import { cellValue, inlineValue } from "./inert-markdown.js";
import { renderValue } from "./render-value.js";
import { changesText, type StackOutcome } from "./stack-outcome.js";
import { attributionText } from "./attribution.js";
import { stackPath } from "./stack-id.js";

const errorLabel: Partial<Record<DriftReport["status"], string>> = { busy: "Busy", stuck: "Stuck" };

/** A property value in a cell: "(absent)" as plain text, so no value can pass for it. */
const valueCell = (value: unknown) => (value === undefined ? "(absent)" : cellValue(renderValue(value)));

/** Rows of one resource: one per property, the two values in the order of the table's header. */
function propertyRows(
  name: string,
  type: string,
  change: string,
  properties: ReadonlyArray<{ path: string; values: unknown[] }>,
): string[] {
  const lead = `| ${cellValue(name)} | ${cellValue(type)} | ${change} |`;
  if (properties.length === 0) return [`${lead} | | |`];
  return properties.map((p) => `${lead} ${cellValue(p.path)} | ${p.values.map(valueCell).join(" | ")} |`);
}

/** One line per drifted resource that was looked up: who changed it, or why that is not known. */
function whoChangedIt(report: DriftReport): string[] {
  const looked = report.drift.filter((item) => item.attribution);
  if (looked.length === 0) return [];
  const lines = looked.map((item) => `- ${inlineValue(item.name, 200)}: ${attributionText(item.attribution!)}`);
  return ["**Who changed it** (from the cloud's audit log)", "", ...lines, ""];
}

export interface ReportMarkdownOptions {
  /** false: leave out the stack heading and the backend line (a section inside another). */
  header?: boolean;
}

export function renderReportMarkdown(report: DriftReport, opts: ReportMarkdownOptions = {}): string[] {
  const lines: string[] = [];
  if (opts.header !== false) {
    const checked = `checked ${report.startedAt} in ${(report.durationMs / 1000).toFixed(1)} s`;
    lines.push(`## ${stackPath(report)}: ${report.status}`, "");
    lines.push(`Backend ${inlineValue(report.backend)} · ${report.resourceCount} resources · ${checked}`, "");
  }
  if (report.error) lines.push(`**${errorLabel[report.status] ?? "Error"}:** ${inlineValue(report.error)}`, "");
  if (report.drift.length > 0) {
    lines.push("### Drift (cloud differs from the last deployment)", "");
    lines.push("| Resource | Type | Change | Property | Cloud has | Last deployed |", "|---|---|---|---|---|---|");
    for (const item of report.drift) {
      const properties = item.properties.map((p) => ({ path: p.path, values: [p.cloud, p.deployed] }));
      lines.push(...propertyRows(item.name, item.type, item.kind, properties));
    }
    lines.push("", ...whoChangedIt(report));
  }
  if (report.pending.length > 0) {
    lines.push("### Pending code changes (code differs from the last deployment; not drift)", "");
    lines.push("| Resource | Type | Change | Property | Last deployed | Code |", "|---|---|---|---|---|---|");
    for (const item of report.pending) {
      const properties = item.properties.map((p) => ({ path: p.path, values: [p.deployed, p.code] }));
      lines.push(...propertyRows(item.name, item.type, item.op, properties));
    }
    lines.push("");
  }
  if (report.ignoredDifferences > 0)
    lines.push(`${report.ignoredDifferences} difference(s) ignored by ignore rules.`, "");
  return lines;
}

export function renderOutcomeMarkdown(outcome: StackOutcome): string {
  const lines = renderReportMarkdown(outcome.report);
  // A reason can quote an engine message (a stack that could not be checked): shown as a value.
  lines.push(`**Decision:** ${outcome.decision.action} — ${inlineValue(outcome.decision.reason)}`, "");
  if (outcome.heal) {
    const { heal } = outcome;
    const done = `${changesText(heal.changes)} in ${(heal.durationMs / 1000).toFixed(1)} s`;
    lines.push(`**Heal:** ${heal.error ? `failed: ${inlineValue(heal.error)}` : done}`, "");
  }
  const note = outcome.verificationNote ? ` — ${inlineValue(outcome.verificationNote)}` : "";
  lines.push(`**Outcome:** ${outcome.outcome}${note}`);
  if (outcome.outcome === "heal-unverified" && outcome.verification) {
    lines.push(
      "",
      "Still different after the heal:",
      "",
      ...renderReportMarkdown(outcome.verification, { header: false }),
    );
  }
  return lines.join("\n");
}

export function renderOutcomesMarkdown(outcomes: readonly StackOutcome[]): string {
  return `# Drift report\n\n${outcomes.map(renderOutcomeMarkdown).join("\n\n---\n\n")}\n`;
}
