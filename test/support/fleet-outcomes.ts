// Outcomes for fleet views (the dashboard, the status page): a stack in sync, drifted, held,
// stuck or failed, each as the reconciler reports it, built on the shared report factories.
import type { DriftItem } from "../../reconciler/core/drift-report.js";
import type { StackOutcome } from "../../reconciler/core/stack-outcome.js";
import { testOutcome, testReport } from "./reports.js";

export type FleetState = "in-sync" | "drifted" | "held" | "stuck" | "failed" | "flapping";

export const sshOpen: DriftItem = {
  urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::alb-sg",
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "alb-sg",
  kind: "modified",
  properties: [
    {
      path: "ingress",
      cloud: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
      deployed: [],
    },
  ],
};

export function fleetOutcome(
  stack: string,
  state: FleetState,
  parts: { project?: string; startedAt?: string; by?: string } = {},
): StackOutcome {
  const id = { stack, project: parts.project ?? "shop", startedAt: parts.startedAt ?? "2026-12-07T03:00:00.000Z" };
  const drifted = testReport({
    ...id,
    drift: [sshOpen],
    engineOperations: [{ name: "preview --refresh", durationMs: 2100 }],
  });
  const guard = (guard: "on-hold" | "flapping" | "detect-mode") => ({
    action: "report" as const,
    reason: guard,
    guard,
  });
  switch (state) {
    case "in-sync":
      return testOutcome({ report: testReport(id) });
    case "drifted":
      return testOutcome({ report: drifted, outcome: "reported", decision: guard("detect-mode") });
    case "held":
      return testOutcome({
        report: drifted,
        outcome: "reported",
        decision: { ...guard("on-hold"), heldBy: parts.by ?? "alice", heldUntil: "2026-12-07T05:00:00.000Z" },
      });
    case "flapping":
      return testOutcome({ report: drifted, outcome: "reported", decision: guard("flapping") });
    case "stuck": {
      const report = testReport({ ...id, status: "stuck", error: "stack locked for 2h by ops@ci-7" });
      return testOutcome({ report, outcome: "stuck", decision: { action: "none", reason: "stuck" } });
    }
    case "failed": {
      const report = testReport({ ...id, status: "error", error: "the provider refused the credentials" });
      return testOutcome({ report, outcome: "error", decision: { action: "none", reason: "error" } });
    }
  }
}

/** The group heading a stack's line sits under in a section. */
export function groupIn(section: string, name: string): string | undefined {
  let group: string | undefined;
  for (const line of section.split("\n")) {
    const heading = /^#### (.+) \(\d+\)$/.exec(line);
    if (heading) group = heading[1];
    if (line.includes(`\`shop/${name}\``)) return group;
  }
  return undefined;
}
