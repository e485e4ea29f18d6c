// Reading commands from a tracking issue: a high-water mark of what was read (no window of
// forgotten comments), every edit judged again by what its author saw, and the decisions read
// back from the reconciler's own answers so that a run with nothing on disk decides the same.
import { beforeEach, describe, expect, it } from "vitest";
import { commentFor } from "../../../reconciler/audit/issue-body.js";
import { permissionCache, readIssueCommands, type CommandReading } from "../../../reconciler/audit/read-commands.js";
import { markerTrailer } from "../../../reconciler/core/marker-trailer.js";
import type { AuthorAssociation } from "../../../reconciler/core/author-association.js";
import type { TrackedIssue } from "../../../reconciler/core/tracked-issue.js";
import { recordingTracker, type RecordingTracker } from "../../support/recording-tracker.js";

const driftA = "aaaaaa1111111111";
const driftB = "bbbbbb2222222222";
let clock: Date;
let tracker: RecordingTracker;
const ctx = { project: "shop", stack: "prod", severityRules: [], repository: "acme/infra", now: "" };

beforeEach(() => {
  clock = new Date("2024-06-12T12:00:00.000Z");
  tracker = recordingTracker(() => clock);
  tracker.roles["alice"] = "write";
});
const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

/** The issue, showing `fingerprint` since now. */
async function show(fingerprint: string): Promise<TrackedIssue> {
  const shown = clock.toISOString().replace(/\.\d{3}Z$/, "Z");
  const trailer = markerTrailer({ stack: "shop/prod", fingerprint, since: "2024-06-12T11:00:00.000Z", shown });
  if (tracker.issues.length === 0) return tracker.create("shop", "prod", "Drift", `report${trailer}`, ["drift"]);
  await tracker.updateBody({ number: 1 }, `report${trailer}`);
  return { number: 1, fingerprint, since: "2024-06-12T11:00:00.000Z", shown };
}

/** One read, its answers posted as the reconciler's comments (as delivery would). */
async function read(issue: TrackedIssue, previous?: CommandReading): Promise<CommandReading> {
  const notes = await tracker.notes(issue);
  const before = previous ? { commands: previous.commands, read: previous.read } : { commands: [] };
  const reading = await readIssueCommands(tracker, issue, { ...before, notes }, permissionCache(tracker), {
    ...ctx,
    now: clock.toISOString(),
  });
  for (const answer of reading.answers) {
    if (answer.kind === "steering" && !answer.quiet) await tracker.comment(issue, commentFor(answer).body);
  }
  return reading;
}

const written = (heading: string) => tracker.issues[0]!.comments.filter((c) => c.startsWith(`### ${heading}`));

describe("readIssueCommands", () => {
  it("binds a command to the drift on show when it was written", async () => {
    const issue = await show(driftA);
    later(5);
    tracker.personComments(1, "alice", "/drift heal");
    const reading = await read(issue);
    expect(reading.commands).toEqual([expect.objectContaining({ kind: "heal", by: "alice", fingerprint: driftA })]);
    expect(written("Heal approved")[0]).toContain("drift `aaaaaa`");
  });

  it("answers once a command written before the shown drift was shown, and never applies it", async () => {
    await show(driftA);
    later(5);
    tracker.personComments(1, "alice", "/drift heal");
    later(5);
    // The drift changed before any run read the command.
    const issue = await show(driftB);
    const first = await read(issue);
    expect(first.commands).toEqual([]);
    expect(written("Command not applied")).toHaveLength(1);
    expect(written("Command not applied")[0]).toMatch(
      /this approval was for an earlier drift: the drift this issue shows \(`bbbbbb`\) is shown since 2024-06-12T12:00:10Z/,
    );
    // A run with nothing on disk reads the answer's decision: nothing new to say, nothing applied.
    const fresh = await read(issue);
    expect(fresh.commands).toEqual([]);
    expect(fresh.answers).toEqual([]);
    expect(written("Command not applied")).toHaveLength(1);
  });

  it("reads back an applied command's drift from its answer on a run with nothing on disk", async () => {
    const issueA = await show(driftA);
    later(5);
    tracker.personComments(1, "alice", "/drift hold 2h");
    await read(issueA);
    later(60);
    const issueB = await show(driftB);
    const fresh = await read(issueB);
    expect(fresh.commands).toEqual([expect.objectContaining({ kind: "hold", fingerprint: driftA })]);
    expect(fresh.answers).toEqual([]);
    expect(tracker.calls.filter((c) => c === "permission alice")).toHaveLength(1);
  });

  it("keeps a high-water mark: a comment edited after 600 others is read again, and judged by rule", async () => {
    const issue = await show(driftA);
    later(1);
    const old = tracker.personComments(1, "alice", "/drift hold 1h");
    for (let i = 0; i < 600; i++) tracker.personComments(1, "bob", `looks odd ${i}`);
    const first = await read(issue);
    expect(first.commands).toEqual([expect.objectContaining({ kind: "hold", id: `github-${old}` })]);
    // The mark: the newest change, and the comments changed exactly then (all 601, in one second).
    expect(first.read.at).toBe("2024-06-12T12:00:01.000Z");
    expect(first.read.ids).toHaveLength(601);

    later(30);
    tracker.personEdits(1, old, "/drift heal");
    const second = await read(issue, first);
    // The edit replaces what the comment said.
    expect(second.commands).toEqual([expect.objectContaining({ kind: "heal", id: `github-${old}` })]);
    expect(second.read).toEqual({ issue: 1, at: "2024-06-12T12:00:31.000Z", ids: [old] });
    expect(written("Heal approved")).toHaveLength(1);
  });

  it("does not renew an old command that is edited after the drift changed", async () => {
    const issueA = await show(driftA);
    later(1);
    const old = tracker.personComments(1, "alice", "/drift heal");
    const first = await read(issueA);
    later(60);
    const issueB = await show(driftB);
    later(60);
    tracker.personEdits(1, old, "/drift heal --mass-deletion");
    const second = await read(issueB, first);
    expect(second.commands).toEqual([]);
    expect(written("Command not applied")).toHaveLength(1);
  });

  it("does not read twice a comment changed in the same second as the mark", async () => {
    const issue = await show(driftA);
    tracker.personComments(1, "alice", "/drift hold 1h");
    const first = await read(issue);
    tracker.personComments(1, "alice", "/drift resume");
    const second = await read(issue, first);
    expect(second.commands.map((c) => c.kind)).toEqual(["hold", "resume"]);
    const third = await read(issue, second);
    expect(third.answers).toEqual([]);
    expect(written("On hold")).toHaveLength(1);
    expect(written("Healing resumed")).toHaveLength(1);
  });
});

describe("readIssueCommands with a flood of commands", () => {
  it("writes at most the cycle's replies, one refusal a person, and reads the rest next cycle", async () => {
    const issue = await show(driftA);
    later(1);
    tracker.roles["bob"] = "write";
    for (let i = 0; i < 4; i++) tracker.personComments(1, "bob", `/drift nonsense ${i}`);
    for (let i = 0; i < 40; i++) tracker.personComments(1, `stranger${i % 8}`, "/drift heal --mass-deletion");
    for (let i = 0; i < 6; i++) tracker.personComments(1, "alice", `/drift hold ${i + 1}h`);
    const ctxWithBudget = { ...ctx, repliesPerCycle: 3, now: clock.toISOString() };
    const first = await readIssueCommands(tracker, issue, { commands: [] }, permissionCache(tracker), ctxWithBudget);
    const written = first.answers.filter((a) => a.kind === "steering" && !a.quiet);
    // bob's help once (the other three: a reaction), 10 reactions to strangers (the other 30: none),
    // two of alice's holds.
    expect(written).toHaveLength(3);
    expect(first.answers.filter((a) => a.kind === "steering" && a.quiet)).toHaveLength(13);
    expect(first.unanswered).toBe(30);
    expect(first.commands).toHaveLength(2);
    const second = await readIssueCommands(
      tracker,
      issue,
      { commands: first.commands, read: first.read },
      permissionCache(tracker),
      ctxWithBudget,
    );
    expect(second.answers).toHaveLength(3);
    expect(second.commands).toHaveLength(5);
  });
});

describe("readIssueCommands and GitHub's author_association", () => {
  const strangers = (n: number, association?: AuthorAssociation) => {
    for (let i = 0; i < n; i++) tracker.personComments(1, `stranger${i}`, "/drift heal --mass-deletion", association);
  };
  const permissions = () => tracker.calls.filter((c) => c.startsWith("permission "));
  const reactedTo = (reading: CommandReading) =>
    reading.answers.flatMap((a) => (a.kind === "steering" && a.quiet ? [a.commentId] : []));

  it("asks the permission of the first five authors GitHub shows outside the repository, and refuses the others unasked", async () => {
    const issue = await show(driftA);
    later(1);
    for (const association of ["NONE", "CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN"] as const) {
      tracker.personComments(1, `someone-${association}`, "/drift hold 1d", association);
    }
    // The same author again is no new lookup; two more authors are past the five.
    tracker.personComments(1, "Someone-NONE", "/drift resume", "NONE");
    tracker.personComments(1, "late1", "/drift hold 1d", "CONTRIBUTOR");
    tracker.personComments(1, "late2", "/drift hold 1d", "NONE");
    const reading = await read(issue);
    expect(permissions()).toEqual([
      "permission someone-NONE",
      "permission someone-CONTRIBUTOR",
      "permission someone-FIRST_TIMER",
      "permission someone-FIRST_TIME_CONTRIBUTOR",
      "permission someone-MANNEQUIN",
    ]);
    expect(reading.commands).toEqual([]);
    expect(reading.answers).toHaveLength(8);
    for (const answer of reading.answers)
      expect(answer).toMatchObject({ kind: "steering", quiet: true, reaction: "confused" });
    const text = reading.answers[6]?.kind === "steering" ? reading.answers[6].text : "";
    expect(text).toBe(
      "@late1 is not shown as a collaborator of `acme/infra` (GitHub: CONTRIBUTOR), and this cycle's permission " +
        "lookups for such accounts are spent: command not applied.",
    );
  });

  it("applies a hold from a writer GitHub shows as NONE (a private organization member writing through a team)", async () => {
    const issue = await show(driftA);
    later(1);
    tracker.roles["pia"] = "write";
    strangers(2, "NONE");
    tracker.personComments(1, "pia", "/drift hold 1d change window", "NONE");
    const reading = await read(issue);
    expect(permissions()).toEqual(["permission stranger0", "permission stranger1", "permission pia"]);
    expect(reading.commands).toEqual([expect.objectContaining({ kind: "hold", by: "pia" })]);
    expect(written("On hold")).toHaveLength(1);
  });

  it("asks when GitHub says owner, member or collaborator, or says nothing: a member may only read", async () => {
    const issue = await show(driftA);
    later(1);
    tracker.roles["mona"] = "read";
    tracker.personComments(1, "alice", "/drift hold 1d", "MEMBER");
    tracker.personComments(1, "mona", "/drift resume", "MEMBER");
    tracker.personComments(1, "olga", "/drift resume", "OWNER");
    tracker.personComments(1, "cody", "/drift resume", "COLLABORATOR");
    tracker.personComments(1, "nils", "/drift resume");
    const reading = await read(issue);
    expect(permissions()).toEqual([
      "permission alice",
      "permission mona",
      "permission olga",
      "permission cody",
      "permission nils",
    ]);
    expect(reading.commands).toEqual([expect.objectContaining({ kind: "hold", by: "alice" })]);
    expect(written("On hold")).toHaveLength(1);
  });

  it("reacts to at most audit.github.reactionsPerCycle of them, the oldest, and reads past the others for good", async () => {
    const issue = await show(driftA);
    later(1);
    strangers(30, "NONE");
    const reading = await readIssueCommands(tracker, issue, { commands: [] }, permissionCache(tracker), {
      ...ctx,
      reactionsPerCycle: 4,
      now: clock.toISOString(),
    });
    const ids = tracker.issues[0]!.people.map((c) => c.id);
    expect(reactedTo(reading)).toEqual(ids.slice(0, 4));
    expect(reading.unanswered).toBe(26);
    // The mark is past all thirty: the next read judges none of them again.
    later(1);
    const next = await readIssueCommands(
      tracker,
      issue,
      { commands: [], read: reading.read },
      permissionCache(tracker),
      {
        ...ctx,
        reactionsPerCycle: 4,
        now: clock.toISOString(),
      },
    );
    expect(next.answers).toEqual([]);
    expect(next.unanswered).toBe(0);
  });

  it("counts readers refused after the permission lookup against the same reactions, and never a writer", async () => {
    const issue = await show(driftA);
    later(1);
    tracker.roles["rita"] = "read";
    strangers(3, "NONE");
    tracker.personComments(1, "rita", "/drift resume", "COLLABORATOR");
    tracker.personComments(1, "alice", "/drift hold 1d", "COLLABORATOR");
    strangers(3, "NONE");
    const reading = await readIssueCommands(tracker, issue, { commands: [] }, permissionCache(tracker), {
      ...ctx,
      reactionsPerCycle: 4,
      now: clock.toISOString(),
    });
    const people = tracker.issues[0]!.people;
    expect(reactedTo(reading)).toEqual(people.slice(0, 4).map((c) => c.id));
    expect(reading.unanswered).toBe(3);
    expect(reading.commands).toEqual([expect.objectContaining({ kind: "hold", by: "alice" })]);
    expect(reading.answers).toContainEqual(expect.objectContaining({ commentId: people[4]!.id, reaction: "+1" }));
  });

  it("reacts to none with audit.github.reactionsPerCycle 0", async () => {
    const issue = await show(driftA);
    later(1);
    strangers(5, "NONE");
    const reading = await readIssueCommands(tracker, issue, { commands: [] }, permissionCache(tracker), {
      ...ctx,
      reactionsPerCycle: 0,
      now: clock.toISOString(),
    });
    expect(reading.answers).toEqual([]);
    expect(reading.unanswered).toBe(5);
  });
});
