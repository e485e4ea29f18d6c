// Prometheus metrics on a registry of our own (never the global one).
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JournalUpkeep } from "../audit/journal.js";
import type { SeverityRule } from "../core/config-schema.js";
import { itemSeverity } from "../core/severity.js";
import type { StackOutcome } from "../core/stack-outcome.js";

export interface ReconcilerMetrics {
  registry: Registry;
  recordCycle(outcomes: readonly StackOutcome[], severityRules: readonly SeverityRule[], finishedAt: Date): void;
  recordCycleFailure(): void;
  recordSkipped(reason: "overlap" | "manual-overlap"): void;
  setOpenIssues(count: number): void;
  /** The audit journal's size after a cycle, and its compaction if there was one. */
  recordJournal(upkeep: JournalUpkeep): void;
}

const durationBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

export function createMetrics(): ReconcilerMetrics {
  const registry = new Registry();
  const cycles = new Counter({
    name: "drift_reconciler_cycles_total",
    help: "Reconcile cycles by result",
    labelNames: ["result"],
    registers: [registry],
  });
  const skipped = new Counter({
    name: "drift_reconciler_cycles_skipped_total",
    help: "Cycles skipped because one was still running",
    labelNames: ["reason"],
    registers: [registry],
  });
  const detection = new Histogram({
    name: "drift_reconciler_detection_duration_seconds",
    help: "Drift detection time per stack",
    labelNames: ["project", "stack"],
    buckets: durationBuckets,
    registers: [registry],
  });
  const heal = new Histogram({
    name: "drift_reconciler_heal_duration_seconds",
    help: "Heal (up --refresh) time per stack",
    labelNames: ["project", "stack"],
    buckets: durationBuckets,
    registers: [registry],
  });
  const drift = new Counter({
    name: "drift_reconciler_drift_found_total",
    help: "Drifted resources found, by severity",
    labelNames: ["severity"],
    registers: [registry],
  });
  const heals = new Counter({
    name: "drift_reconciler_heals_total",
    help: "Heals verified back in sync",
    labelNames: ["project", "stack"],
    registers: [registry],
  });
  const healFailures = new Counter({
    name: "drift_reconciler_heal_failures_total",
    help: "Heals that failed or left drift",
    labelNames: ["project", "stack"],
    registers: [registry],
  });
  const stuck = new Counter({
    name: "drift_reconciler_stuck_total",
    help: "Stack checks that found a stale lock (older than policy.staleLockAfter)",
    labelNames: ["project", "stack"],
    registers: [registry],
  });
  const held = new Counter({
    name: "drift_reconciler_heals_held_total",
    help: "Heals held back by the flapping breaker, the grace period or a person's hold (/drift hold)",
    labelNames: ["project", "stack", "guard"],
    registers: [registry],
  });
  const busy = new Counter({
    name: "drift_reconciler_busy_total",
    help: "Stack checks skipped because the stack was locked",
    labelNames: ["project", "stack"],
    registers: [registry],
  });
  const openIssues = new Gauge({
    name: "drift_reconciler_open_tracking_issues",
    help: "Stacks whose drift episode is still open",
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: "drift_reconciler_last_successful_cycle_timestamp_seconds",
    help: "When the last cycle without errors finished",
    registers: [registry],
  });
  const journal = journalMetrics(registry);

  return {
    registry,
    recordCycle(outcomes, severityRules, finishedAt) {
      const failed = outcomes.some((o) => o.outcome === "error" || o.outcome === "heal-failed");
      cycles.inc({ result: failed ? "error" : "success" });
      if (!failed) lastSuccess.set(finishedAt.getTime() / 1000);
      for (const o of outcomes) {
        // By project and name: two projects may each have a stack named prod.
        const id = { project: o.project, stack: o.stack };
        detection.observe(id, o.report.durationMs / 1000);
        if (o.heal) heal.observe(id, o.heal.durationMs / 1000);
        for (const item of o.report.drift) drift.inc({ severity: itemSeverity(item, severityRules) });
        if (o.outcome === "healed") heals.inc(id);
        if (o.outcome === "heal-failed" || o.outcome === "heal-unverified") healFailures.inc(id);
        if (o.outcome === "busy") busy.inc(id);
        if (o.outcome === "stuck") stuck.inc(id);
        if (
          o.decision.action === "report" &&
          (o.decision.guard === "flapping" || o.decision.guard === "grace-period" || o.decision.guard === "on-hold")
        ) {
          held.inc({ ...id, guard: o.decision.guard });
        }
      }
    },
    recordCycleFailure: () => cycles.inc({ result: "error" }),
    recordSkipped: (reason) => skipped.inc({ reason }),
    setOpenIssues: (count) => openIssues.set(count),
    recordJournal: journal,
  };
}

function journalMetrics(registry: Registry): (upkeep: JournalUpkeep) => void {
  const compactions = new Counter({
    name: "drift_reconciler_journal_compactions_total",
    help: "Compactions of the audit journal, by the bound that set them off (records, bytes or age)",
    labelNames: ["reason"],
    registers: [registry],
  });
  const bytes = new Gauge({
    name: "drift_reconciler_journal_bytes",
    help: "Size of the audit journal (journal.jsonl) after the last cycle",
    registers: [registry],
  });
  const records = new Gauge({
    name: "drift_reconciler_journal_records",
    help: "Records in the audit journal (journal.jsonl) after the last cycle",
    registers: [registry],
  });
  return (upkeep) => {
    if (upkeep.compacted) compactions.inc({ reason: upkeep.compacted });
    bytes.set(upkeep.bytes);
    records.set(upkeep.records);
  };
}
