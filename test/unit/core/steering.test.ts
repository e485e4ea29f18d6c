// steeringOf and its states: which hold applies, whether an approval is still good, and which
// heals count toward the flapping stop after a resume.
import { describe, expect, it } from "vitest";
import type { SteerCommand } from "../../../reconciler/core/steer-command.js";
import { approvalState, healsSinceResume, holdState, steeringOf } from "../../../reconciler/core/steering.js";

const hold = (at: string, until: string, fingerprint?: string): SteerCommand => ({
  kind: "hold",
  id: `github-${at}`,
  by: "alice",
  at,
  until,
  ...(fingerprint ? { fingerprint } : {}),
});
const approve = (at: string, fingerprint: string): SteerCommand => ({
  kind: "heal",
  id: `github-a-${at}`,
  by: "bob",
  at,
  fingerprint,
  massDeletion: false,
});
const resume = (at: string): SteerCommand => ({ kind: "resume", id: `github-r-${at}`, by: "carol", at });
const NOW = new Date("2024-06-12T12:00:00Z");

describe("steeringOf", () => {
  it("keeps the latest hold, in the order the commands were written", () => {
    const later = hold("2024-06-12T11:00:00Z", "2024-06-13T00:00:00Z");
    const earlier = hold("2024-06-12T10:00:00Z", "2024-06-14T00:00:00Z");
    expect(steeringOf([later, earlier]).hold).toEqual(later);
  });

  it("drops a hold a resume came after, but not one written after the resume", () => {
    expect(
      steeringOf([hold("2024-06-12T10:00:00Z", "2024-06-13T00:00:00Z"), resume("2024-06-12T11:00:00Z")]).hold,
    ).toBeUndefined();
    const after = hold("2024-06-12T11:30:00Z", "2024-06-13T00:00:00Z");
    expect(steeringOf([resume("2024-06-12T11:00:00Z"), after]).hold).toEqual(after);
  });
});

describe("holdState", () => {
  it("is active before it ends on the drift it was put on", () => {
    const s = steeringOf([hold("2024-06-12T10:00:00Z", "2024-06-12T13:00:00Z", "fp1")]);
    expect(holdState(s, "fp1", NOW)?.state).toBe("active");
  });

  it("ends when it expires, or when the drift changes", () => {
    const s = steeringOf([hold("2024-06-12T10:00:00Z", "2024-06-12T12:00:00Z", "fp1")]);
    expect(holdState(s, "fp1", NOW)).toMatchObject({ state: "ended", why: "expired" });
    const t = steeringOf([hold("2024-06-12T10:00:00Z", "2024-06-12T13:00:00Z", "fp1")]);
    expect(holdState(t, "fp2", NOW)).toMatchObject({ state: "ended", why: "drift-changed" });
  });

  it("holds any drift when it was put before any drift was on record", () => {
    const s = steeringOf([hold("2024-06-12T10:00:00Z", "2024-06-12T13:00:00Z")]);
    expect(holdState(s, "whatever", NOW)?.state).toBe("active");
  });
});

describe("approvalState", () => {
  const s = steeringOf([approve("2024-06-12T10:00:00Z", "fp1")]);

  it("is valid for the drift it was given for until a heal of it is verified", () => {
    expect(approvalState(s, "fp1", [{ fingerprint: "fp1", at: "2024-06-12T09:00:00Z" }])?.state).toBe("valid");
    expect(approvalState(s, "fp1", [{ fingerprint: "fp1", at: "2024-06-12T10:05:00Z" }])?.state).toBe("used");
  });

  it("lapses when the drift changed", () => {
    expect(approvalState(s, "fp2", [])?.state).toBe("lapsed");
  });
});

describe("healsSinceResume", () => {
  it("counts only heals after the last resume", () => {
    const heals = [
      { fingerprint: "fp1", at: "2024-06-12T09:00:00Z" },
      { fingerprint: "fp1", at: "2024-06-12T11:30:00Z" },
    ];
    expect(healsSinceResume(steeringOf([resume("2024-06-12T11:00:00Z")]), heals)).toEqual([heals[1]]);
    expect(healsSinceResume(steeringOf([]), heals)).toEqual(heals);
  });
});
