// People's commands on the tracking issue, read by the stack's trail before its decision: only
// from people with write access, each answered once (a reaction and a comment), kept in the
// journal so that a tracker that is down still holds; commands given locally count the same.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverPending } from "../../../reconciler/audit/deliver-audit-events.js";
import type { IssueTracker } from "../../../reconciler/audit/issue-tracker.js";
import { fileJournal, type Journal } from "../../../reconciler/audit/journal.js";
import { appendLocalCommand } from "../../../reconciler/audit/local-commands.js";
import { permissionCache } from "../../../reconciler/audit/read-commands.js";
import { journaledTrail } from "../../../reconciler/audit/journaled-trail.js";
import type { DriftItem } from "../../../reconciler/core/drift-report.js";
import { driftFingerprint } from "../../../reconciler/core/fingerprint.js";
import { decide } from "../../../reconciler/core/policy.js";
import { recordingTracker, type RecordingTracker } from "../../support/recording-tracker.js";
import { testPolicy } from "../../support/policies.js";
import { testReport } from "../../support/reports.js";

const shopProd = { backend: "file:///state", project: "shop", stack: "prod" };
const NOW = new Date("2024-06-12T12:00:00.000Z");
const sg = "aws:ec2/securityGroup:SecurityGroup";
const drift: DriftItem[] = [
  { urn: `urn:pulumi:prod::shop::${sg}::web-sg`, type: sg, name: "web-sg", kind: "modified", properties: [] },
];
const report = testReport({ drift, plan: [{ urn: drift[0]!.urn, type: sg, op: "update" }] });

let dir: string;
let tracker: RecordingTracker;
let journal: Journal;
let down: boolean;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "steering-trail-"));
  tracker = recordingTracker(() => NOW);
  journal = fileJournal(dir);
  down = false;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function trailOn(over: IssueTracker = tracker) {
  const deliver = async () => {
    if (!down) await deliverPending(over, journal, ["drift"]);
  };
  return journaledTrail({
    identity: shopProd,
    journal,
    tracker: over,
    delivery: {
      deliver,
      deliverWithin: deliver,
      isDown: () => down,
      withinBudget: (read) => read,
      markDown: () => {
        down = true;
      },
    },
    now: () => NOW,
    severityRules: [],
    window: "24h",
    repository: "acme/infra",
    permissionOf: permissionCache(over),
    localCommands: () => [],
  });
}

/** One cycle: recall, decide, tell the detection; returns the decision. */
async function cycle(over: IssueTracker = tracker) {
  const trail = trailOn(over);
  const history = await trail.recall();
  const decision = decide(report, testPolicy(), NOW, history);
  await trail.detected(report, decision);
  return { history, decision };
}

describe("commands on the tracking issue", () => {
  it("apply a writer's hold: the decision holds, the comment gets +1, one answer and the on-hold label", async () => {
    await cycle();
    tracker.roles["alice"] = "write";
    const id = tracker.personComments(1, "alice", "/drift hold 2h INC-42 hot fix");
    const { history, decision } = await cycle();
    expect(history.commands).toEqual([
      expect.objectContaining({ kind: "hold", by: "alice", fingerprint: driftFingerprint(drift), id: `github-${id}` }),
    ]);
    expect(decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
    const issue = tracker.issues[0]!;
    expect(issue.people[0]?.reactions).toEqual(["+1"]);
    expect(issue.labels).toContain("drift:on-hold");
    const answers = issue.comments.filter((c) => c.startsWith("### On hold"));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("@alice put the heal of `shop/prod` on hold until 2024-06-12T14:00:00.000Z (2h)");
    expect(answers[0]).toContain("`INC-42 hot fix`");
    await cycle();
    expect(issue.comments.filter((c) => c.startsWith("### On hold"))).toHaveLength(1);
  });

  it("do not apply a reader's command: a confused reaction and no written reply, the role asked once", async () => {
    await cycle();
    tracker.roles["mallory"] = "read";
    tracker.personComments(1, "mallory", "/drift heal --mass-deletion");
    tracker.personComments(1, "mallory", "/drift resume");
    const { history, decision } = await cycle();
    expect(history.commands).toEqual([]);
    expect(decision.action).toBe("heal");
    const issue = tracker.issues[0]!;
    expect(issue.people.map((c) => c.reactions)).toEqual([["confused"], ["confused"]]);
    expect(issue.comments.filter((c) => c.startsWith("### Command not applied"))).toEqual([]);
    expect(tracker.calls.filter((c) => c === "permission mallory")).toHaveLength(1);
    await cycle();
    expect(issue.comments.filter((c) => c.startsWith("### Command not applied"))).toEqual([]);
    expect(tracker.calls.filter((c) => c === "permission mallory")).toHaveLength(1);
  });

  it("answer a writer's line starting with /drift once with the list of commands, and ignore other comments", async () => {
    await cycle();
    tracker.roles["bob"] = "write";
    tracker.personComments(1, "bob", "/drift please fix");
    tracker.personComments(1, "bob", "Why is port 22 open?");
    await cycle();
    await cycle();
    const help = tracker.issues[0]!.comments.filter((c) => c.startsWith("### Not a command"));
    expect(help).toHaveLength(1);
    expect(help[0]).toContain('unknown command "please"');
    expect(help[0]).toContain("`/drift hold <duration> [reason]`");
    expect(tracker.calls.filter((c) => c.startsWith("permission"))).toEqual(["permission bob"]);
  });

  it("are kept in the journal: with the tracker down, a hold still holds", async () => {
    await cycle();
    tracker.roles["alice"] = "admin";
    tracker.personComments(1, "alice", "/drift hold 1d");
    expect((await cycle()).decision).toMatchObject({ guard: "on-hold" });
    const failing: IssueTracker = {
      ...tracker,
      findOpen: () => Promise.reject(new Error("503 Service Unavailable")),
    };
    const { decision } = await cycle(failing);
    expect(decision).toMatchObject({ action: "report", guard: "on-hold", heldBy: "alice" });
  });

  it("say once when a hold ended and remove the label", async () => {
    await cycle();
    tracker.roles["alice"] = "write";
    tracker.personComments(1, "alice", "/drift hold 1h");
    await cycle();
    journal.remember(shopProd, {
      ...journal.recall(shopProd)!,
      commands: journal
        .recall(shopProd)!
        .commands!.map((c) => (c.kind === "hold" ? { ...c, until: "2024-06-12T11:00:00.000Z" } : c)),
    });
    // The hold's time is read back from the journal's copy: the comment was read before.
    const { decision } = await cycle();
    expect(decision.action).toBe("heal");
    const issue = tracker.issues[0]!;
    expect(issue.comments.filter((c) => c.startsWith("### Hold ended"))).toHaveLength(1);
    expect(issue.labels).not.toContain("drift:on-hold");
  });

  it("count local commands (reconciler hold|approve|resume) the same way", async () => {
    appendLocalCommand(dir, {
      project: "shop",
      stack: "prod",
      command: { kind: "hold", id: "local-1", by: "ops", at: NOW.toISOString(), until: "2024-06-13T00:00:00.000Z" },
    });
    const { readLocalCommands } = await import("../../../reconciler/audit/local-commands.js");
    const trail = journaledTrail({
      identity: shopProd,
      journal,
      tracker,
      delivery: {
        deliver: async () => undefined,
        deliverWithin: async () => undefined,
        isDown: () => false,
        withinBudget: (read) => read,
        markDown: () => undefined,
      },
      now: () => NOW,
      severityRules: [],
      window: "24h",
      localCommands: () => readLocalCommands(dir, { project: "shop", stack: "prod" }, undefined, () => NOW),
    });
    const history = await trail.recall();
    expect(decide(report, testPolicy(), NOW, history)).toMatchObject({ guard: "on-hold", heldBy: "ops" });
    expect(readLocalCommands(dir, { project: "shop", stack: "other" }, undefined, () => NOW)).toEqual([]);
  });

  it("do not apply a command whose author's access GitHub refuses to tell, and say what to fix", async () => {
    await cycle();
    const refusing: IssueTracker = {
      ...tracker,
      permission: () => Promise.reject(Object.assign(new Error("Must have push access"), { status: 403 })),
    };
    tracker.personComments(1, "alice", "/drift heal");
    const { history } = await cycle(refusing);
    expect(history.commands).toEqual([]);
    const answer = tracker.issues[0]!.comments.filter((c) => c.startsWith("### Command not applied"));
    expect(answer).toHaveLength(1);
    expect(answer[0]).toContain("could not check @alice's access to `acme/infra`");
    expect(tracker.issues[0]!.people[0]?.reactions).toEqual(["confused"]);
  });
});
