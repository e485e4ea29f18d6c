// Markdown for people: one section per stack with drift (cloud vs code, per property),
// pending code changes kept apart, what was decided and what happened. Pure.
import type { DriftReport, PropertyDiff } from "./drift-report.js";
import type { StackOutcome } from "./reconcile-stack.js";
import { renderValue } from "./render-value.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function propertyRows(name: string, type: string, change: string, properties: PropertyDiff[]): string[] {
  if (properties.length === 0) return [`| \`${cell(name)}\` | \`${cell(type)}\` | ${change} | | | |`];
  return properties.map(
    (p) => `| \`${cell(name)}\` | \`${cell(type)}\` | ${change} | \`${cell(p.path)}\` | ${cell(renderValue(p.cloud))} | ${cell(renderValue(p.code))} |`,
  );
}

export function renderReportMarkdown(report: DriftReport): string[] {
  const lines = [
    `## ${report.project}/${report.stack}: ${report.status}`,
    "",
    `Backend \`${report.backend}\` · ${report.resourceCount} resources · checked ${report.startedAt} in ${(report.durationMs / 1000).toFixed(1)} s`,
    "",
  ];
  if (report.error) lines.push(`**${report.status === "busy" ? "Busy" : "Error"}:** ${report.error}`, "");
  if (report.drift.length > 0) {
    lines.push("### Drift (cloud differs from the last deployment)", "", "| Resource | Type | Change | Property | Cloud has | Code wants |", "|---|---|---|---|---|---|");
    for (const item of report.drift) lines.push(...propertyRows(item.name, item.type, item.kind, item.properties));
    lines.push("");
  }
  if (report.pending.length > 0) {
    lines.push("### Pending code changes (code differs from the last deployment; not drift)", "", "| Resource | Type | Change | Property | Deployed | Code |", "|---|---|---|---|---|---|");
    for (const item of report.pending) lines.push(...propertyRows(item.name, item.type, item.op, item.properties));
    lines.push("");
  }
  if (report.ignoredDifferences > 0) lines.push(`${report.ignoredDifferences} difference(s) ignored by ignore rules.`, "");
  return lines;
}

export function renderOutcomeMarkdown(outcome: StackOutcome): string {
  const lines = renderReportMarkdown(outcome.report);
  lines.push(`**Decision:** ${outcome.decision.action} — ${outcome.decision.reason}`, "");
  if (outcome.heal) {
    const changes = Object.entries(outcome.heal.changes).map(([op, n]) => `${n} ${op}`).join(", ") || "no changes";
    lines.push(`**Heal:** ${outcome.heal.error ? `failed: ${outcome.heal.error}` : `${changes} in ${(outcome.heal.durationMs / 1000).toFixed(1)} s`}`, "");
  }
  lines.push(`**Outcome:** ${outcome.outcome}`);
  if (outcome.outcome === "heal-unverified" && outcome.verification) {
    lines.push("", "Still different after the heal:", "", ...renderReportMarkdown(outcome.verification).slice(4));
  }
  return lines.join("\n");
}

export function renderOutcomesMarkdown(outcomes: StackOutcome[]): string {
  return `# Drift report\n\n${outcomes.map(renderOutcomeMarkdown).join("\n\n---\n\n")}\n`;
}
