// A command approves the drift its author saw: written at or after that drift was first shown,
// naming its fingerprint if it names one; and what was decided is read back from the answer.
import { describe, expect, it } from "vitest";
import {
  bindCommand,
  decisionMarker,
  readDecision,
  shortFingerprint,
  wholeSeconds,
} from "../../../reconciler/core/command-binding.js";

const drift = { fingerprint: "3e1fa7c0d9b2a411", shown: "2024-06-12T12:00:00Z" };
const written = (at: string, updatedAt = at) => ({ at, updatedAt });

describe("bindCommand", () => {
  it("binds a command written after the drift was shown to that drift", () => {
    expect(bindCommand(written("2024-06-12T12:05:00Z"), drift)).toEqual({
      bound: true,
      fingerprint: drift.fingerprint,
    });
  });

  it("binds one written in the same second the drift was shown (GitHub keeps whole seconds)", () => {
    const shownMidSecond = { ...drift, shown: "2024-06-12T12:00:00.900Z" };
    expect(bindCommand(written("2024-06-12T12:00:00Z"), shownMidSecond)).toMatchObject({ bound: true });
  });

  it("refuses one written before the drift was shown: it was meant for an earlier drift", () => {
    expect(bindCommand(written("2024-06-12T11:59:59Z"), drift)).toEqual({
      bound: false,
      why: "earlier-drift",
      shown: drift.shown,
    });
  });

  it("refuses an old comment edited after the drift changed: the edit does not make it new", () => {
    expect(bindCommand(written("2024-06-12T11:00:00Z", "2024-06-12T12:30:00Z"), drift)).toMatchObject({
      bound: false,
      why: "earlier-drift",
    });
  });

  it("binds an edit of a comment written for the drift still shown", () => {
    expect(bindCommand(written("2024-06-12T12:01:00Z", "2024-06-12T12:30:00Z"), drift)).toMatchObject({
      bound: true,
    });
  });

  it("binds a command that names the shown drift's short fingerprint, in any case", () => {
    expect(bindCommand({ ...written("2024-06-12T12:05:00Z"), named: "3E1FA7" }, drift)).toMatchObject({
      bound: true,
    });
  });

  it("refuses a command that names another drift, even when written after the shown one", () => {
    expect(bindCommand({ ...written("2024-06-12T12:05:00Z"), named: "aaaaaa" }, drift)).toEqual({
      bound: false,
      why: "other-drift",
      named: "aaaaaa",
    });
  });

  it("refuses a named fingerprint when the issue shows no drift", () => {
    expect(bindCommand({ ...written("2024-06-12T12:05:00Z"), named: "3e1fa7" }, { shown: drift.shown })).toMatchObject({
      bound: false,
      why: "other-drift",
    });
  });

  it("binds to no drift on an issue that shows none (a stack that cannot be checked)", () => {
    expect(bindCommand(written("2024-06-12T12:05:00Z"), { shown: drift.shown })).toEqual({ bound: true });
  });
});

describe("decisions in an answer's trailer", () => {
  it("read back what was written, the bound drift only for an applied command", () => {
    const marker = decisionMarker({ commentId: 42, updatedAt: "2024-06-12T12:05:00.000Z", verdict: "applied" });
    expect(marker).toBe("42/2024-06-12T12:05:00Z/applied");
    expect(readDecision(marker, drift.fingerprint)).toEqual({
      commentId: 42,
      updatedAt: "2024-06-12T12:05:00Z",
      verdict: "applied",
      fingerprint: drift.fingerprint,
    });
    const stale = decisionMarker({ commentId: 42, updatedAt: "2024-06-12T12:05:00Z", verdict: "earlier-drift" });
    expect(readDecision(stale, drift.fingerprint)).toEqual({
      commentId: 42,
      updatedAt: "2024-06-12T12:05:00Z",
      verdict: "earlier-drift",
    });
  });

  it.each(["42/2024-06-12T12:05:00Z/approved", "x/2024-06-12T12:05:00Z/applied", "42/soon/applied", "42/a/b/c"])(
    "ignore a marker that is not a decision: %s",
    (marker) => {
      expect(readDecision(marker)).toBeUndefined();
    },
  );

  it("shorten fingerprints and times the way people see them", () => {
    expect(shortFingerprint(drift.fingerprint)).toBe("3e1fa7");
    expect(wholeSeconds("2024-06-12T12:05:00.999Z")).toBe("2024-06-12T12:05:00Z");
  });
});
