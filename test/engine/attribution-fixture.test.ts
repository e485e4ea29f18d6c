// Who changed it, on the real engine with the fixture cloud and the local trail: the demo's SSH
// drift names its actor on the issue; a change missing from the activity log says so and is added
// to the issue once when the log catches up; an actor string holding Markdown, an @team and a
// marker stays inert; a break-glass principal's change is held, not reverted.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { readTrailer, withoutTrailer } from "../../reconciler/core/marker-trailer.js";
import { findByName, writeRecord } from "../../reconciler/demo/fixture-provider/cloud-store.js";
import { appendActivity } from "../../reconciler/demo/fixture-provider/activity-log.js";
import { addIngressRule, getResource, sshFromAnywhere } from "../../reconciler/demo/fixture-provider/out-of-band.js";
import { fixtureActivitySource } from "../../reconciler/demo/fixture-activity-source.js";
import { fixtureReconcilerConfig, type DeployedFixture } from "../../reconciler/demo/fixture-reconciler.js";
import { demoActor } from "../../reconciler/demo/run-demo.js";
import { fixtureLifecycle } from "../support/fixture-lifecycle.js";
import { liveMarkup } from "../support/markdown-inline.js";
import { trailCycle } from "../support/trail-cycle.js";

const engine = fixtureLifecycle();
const attribution = { sources: [fixtureActivitySource] };

function withPolicy(f: DeployedFixture, policy: Record<string, unknown>): void {
  writeFileSync(f.configPath, stringify(fixtureReconcilerConfig(f.dir, { prod: { policy } })));
}

async function cycle(f: DeployedFixture) {
  return (await trailCycle(f.configPath, engine.cli(), { attribution })).outcome;
}

interface LocalIssue {
  body: string;
  state: string;
  labels: string[];
  comments: string[];
}
const issues = (f: DeployedFixture) =>
  (JSON.parse(readFileSync(join(f.dir, ".reconciler", "issues.json"), "utf8")) as { issues: LocalIssue[] }).issues;

describe("who changed it, from the fixture cloud's activity log", () => {
  it("names the demo's actor of the SSH drift on the issue and in the report, then heals", async () => {
    const f = await engine.deploy({ prod: {} });
    addIngressRule(f.cloudDir, "prod-alb-sg", sshFromAnywhere, demoActor);

    const outcome = await cycle(f);
    expect(outcome.outcome).toBe("healed");
    const sg = outcome.report.drift.find((d) => d.name === "prod-alb-sg");
    expect(sg?.attribution).toMatchObject({
      status: "found",
      source: "fixture-activity-log",
      changes: [
        {
          principal: "jordan@example.com",
          action: "AuthorizeSecurityGroupIngress",
          sourceIp: "203.0.113.24",
          userAgent: "fixture console (browser)",
        },
      ],
    });
    const [issue] = issues(f);
    expect(issue?.body).toContain(
      "- `prod-alb-sg`: Changed by `jordan@example.com`: `AuthorizeSecurityGroupIngress` at `",
    );
    expect(issue?.state).toBe("closed");
  });

  it("says the actor is not known yet, then adds who it was once the activity log has it", async () => {
    const f = await engine.deploy({ prod: {} });
    withPolicy(f, { mode: "detect" });
    // Changed behind Pulumi's back without a trace in the activity log (yet).
    const sg = findByName(f.cloudDir, "securitygroup", "prod-alb-sg");
    if (!sg) throw new Error("no prod-alb-sg");
    writeRecord(f.cloudDir, { ...sg, ingress: [...(sg["ingress"] as unknown[]), sshFromAnywhere] });

    const first = await cycle(f);
    expect(first.report.drift[0]?.attribution?.status).toBe("not-found");
    expect(issues(f)[0]?.body).toContain(
      "- `prod-alb-sg`: who: not found yet in fixture-activity-log (`no write call on it in the audit log yet`)",
    );

    appendActivity(
      f.cloudDir,
      { action: "AuthorizeSecurityGroupIngress", kind: "securitygroup", id: sg.id },
      { actor: "sam" },
    );
    const second = await cycle(f);
    expect(second.report.drift[0]?.attribution).toMatchObject({ status: "found", foundLater: true });
    await cycle(f);
    const late = (issues(f)[0]?.comments ?? []).filter((c) => c.includes("Who changed it (found later)"));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatch(
      /- `prod-alb-sg`: Changed by `sam`: `AuthorizeSecurityGroupIngress` at `[^`]+` .*\(found later\)/,
    );
  });

  it("keeps an actor holding Markdown, an @team and a marker inert on the issue", async () => {
    const f = await engine.deploy({ prod: {} });
    withPolicy(f, { mode: "detect" });
    const actor = "[approve](https://evil.example/x) @acme/admins <!-- drift-reconciler:stack:drift-fixture/dev --> `";
    addIngressRule(f.cloudDir, "prod-alb-sg", sshFromAnywhere, { actor, userAgent: "**bold** #1 <img src=x>" });

    await cycle(f);
    const [issue] = issues(f);
    const body = issue?.body ?? "";
    expect(body).toContain("@acme/admins");
    expect(liveMarkup(withoutTrailer(body))).toEqual([]);
    expect(body.split("<!-- drift-reconciler:stack:")).toHaveLength(2);
    expect(readTrailer(body)?.stack).toBe("drift-fixture/prod");
  });

  it("holds the heal of a change made by a break-glass principal, needing attention", async () => {
    const f = await engine.deploy({ prod: {} });
    withPolicy(f, { mode: "heal", breakGlass: { principals: ["oncall-*"], holdFor: "4h" } });
    addIngressRule(f.cloudDir, "prod-alb-sg", sshFromAnywhere, { actor: "oncall-breakglass" });

    const outcome = await cycle(f);
    expect(outcome.decision).toMatchObject({ action: "report", guard: "break-glass", heldBy: "oncall-breakglass" });
    expect(getResource(f.cloudDir, "securitygroup", "prod-alb-sg")?.["ingress"]).toContainEqual(sshFromAnywhere);
    expect(issues(f)[0]?.labels).toContain("needs-attention");
  });
});
