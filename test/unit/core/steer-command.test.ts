// parseSteerCommand: only the first line counts, only the exact grammar is a command, and
// anything else starting with /drift is answered with the list of commands.
import { describe, expect, it } from "vitest";
import { commandFrom, parseSteerCommand } from "../../../reconciler/core/steer-command.js";

describe("parseSteerCommand", () => {
  it("reads a hold with its duration and reason", () => {
    expect(parseSteerCommand("/drift hold 48h emergency fix for INC-42")).toEqual({
      kind: "hold",
      forMs: 48 * 3_600_000,
      reason: "emergency fix for INC-42",
    });
  });

  it("reads a hold without a reason, after blank lines, in any case of the verb", () => {
    expect(parseSteerCommand("\n\n  /Drift HOLD 30m  ")).toEqual({ kind: "hold", forMs: 1_800_000 });
  });

  it("reads heal, heal --mass-deletion and resume", () => {
    expect(parseSteerCommand("/drift heal")).toEqual({ kind: "heal", massDeletion: false });
    expect(parseSteerCommand("/drift heal --mass-deletion")).toEqual({ kind: "heal", massDeletion: true });
    expect(parseSteerCommand("/drift heal 3E1FA7")).toEqual({ kind: "heal", massDeletion: false, named: "3e1fa7" });
    expect(parseSteerCommand("/drift heal --mass-deletion 3e1fa7")).toEqual({
      kind: "heal",
      massDeletion: true,
      named: "3e1fa7",
    });
    expect(parseSteerCommand("/drift resume\nthanks!")).toEqual({ kind: "resume" });
  });

  it("ignores comments not addressed to the reconciler, and commands after the first line", () => {
    expect(parseSteerCommand("LGTM")).toEqual({ kind: "none" });
    expect(parseSteerCommand("Looks odd.\n/drift heal")).toEqual({ kind: "none" });
    expect(parseSteerCommand("/drifting away")).toEqual({ kind: "none" });
    expect(parseSteerCommand("")).toEqual({ kind: "none" });
  });

  it.each([
    ["/drift", /no command given/],
    ["/drift apply", /unknown command "apply"/],
    ["/drift hold", /needs a duration/],
    ["/drift hold forever", /not a duration/],
    ["/drift hold 0s", /longer than 0s/],
    ["/drift hold 91d", /at most 90d/],
    ["/drift heal now", /only a drift fingerprint \(like 3e1fa7\) and --mass-deletion/],
    ["/drift heal 3e1fa7 3e1fa7", /only a drift fingerprint/],
    ["/drift heal 3e1f", /only a drift fingerprint/],
    ["/drift heal --mass-deletion --mass-deletion", /only a drift fingerprint/],
    ["/drift resume all", /takes no arguments/],
  ])("answers %j with what is wrong", (text, problem) => {
    const parsed = parseSteerCommand(text);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.problem).toMatch(problem);
  });

  it("shows an unknown verb as inert text", () => {
    const parsed = parseSteerCommand("/drift \u202Egnp.exe");
    expect(parsed.kind === "invalid" && parsed.problem).toContain("\\u202E");
  });

  it("keeps a hold's reason to one short line", () => {
    const parsed = parseSteerCommand(`/drift hold 1h ${"x".repeat(500)}`);
    expect(parsed.kind === "hold" && parsed.reason?.length).toBe(200);
  });
});

describe("commandFrom", () => {
  const base = { id: "github-7", by: "alice", at: "2024-06-12T12:00:00.000Z", fingerprint: "abc" };

  it("turns a hold's duration into the time it ends", () => {
    expect(commandFrom({ kind: "hold", forMs: 3_600_000, reason: "r" }, base)).toEqual({
      ...base,
      kind: "hold",
      until: "2024-06-12T13:00:00.000Z",
      reason: "r",
    });
  });

  it("keeps who approved and whether mass deletion is included", () => {
    expect(commandFrom({ kind: "heal", massDeletion: true }, base)).toEqual({
      ...base,
      kind: "heal",
      massDeletion: true,
    });
    expect(commandFrom({ kind: "resume" }, base)).toEqual({ ...base, kind: "resume" });
  });
});
