import { describe, expect, it } from "vitest";
import { readTrailer } from "../../../reconciler/core/marker-trailer.js";
import type { AuditEvent } from "../../../reconciler/audit/audit-events.js";
import { missingLabels, ownedLabels, reopenedComment } from "../../../reconciler/audit/episode-reclaim.js";

type Detected = Extract<AuditEvent, { kind: "drift-detected" }>;
const detected = (guard?: string): Detected => ({
  id: "d1",
  at: "2026-12-07T04:00:00.000Z",
  project: "p",
  stack: "prod",
  kind: "drift-detected",
  fingerprint: "3e1fa7aa",
  severity: "high",
  report: "report",
  decision: { action: "report", ...(guard ? { guard } : {}), reason: "r" },
});
const closedBy = { login: "tara", at: "2026-12-07T04:10:00.000Z" };

describe("ownedLabels", () => {
  it("are the configured labels, the stack's and the severity's", () => {
    expect(ownedLabels(detected("grace-period"), ["drift", "infra"], "drift:on-hold")).toEqual([
      "drift",
      "infra",
      "stack:prod",
      "severity:high",
    ]);
  });
  it("include the hold's label while a hold stands", () => {
    expect(ownedLabels(detected("on-hold"), ["drift"], "drift:on-hold")).toContain("drift:on-hold");
  });
});

describe("missingLabels", () => {
  it("names the owned labels the issue lost, once, ignoring case", () => {
    expect(missingLabels(["drift", "stack:prod", "drift", "severity:high"], ["Drift", "needs-attention"])).toEqual([
      "stack:prod",
      "severity:high",
    ]);
  });
  it("is empty when every owned label is there", () => {
    expect(missingLabels(["drift"], ["drift", "other"])).toEqual([]);
  });
});

describe("reopenedComment", () => {
  it("names who closed the issue and when, says the drift is still present and that a hold stands", () => {
    const { body, noteKey } = reopenedComment(7, closedBy, detected("on-hold"));
    expect(body).toMatch(
      /^### Reopened: the drift is still present\n\n@tara closed this issue at 2026-12-07T04:10:00.000Z/,
    );
    expect(body).toContain("still present (severity high). The hold stands.");
    expect(body).toContain("`/drift resume`");
    expect(readTrailer(body)?.note).toBe(noteKey);
  });
  it("is keyed on the close, so each close is answered once", () => {
    const first = reopenedComment(7, closedBy, detected()).noteKey;
    expect(reopenedComment(7, closedBy, detected()).noteKey).toBe(first);
    expect(reopenedComment(7, { ...closedBy, at: "2026-12-07T05:00:00.000Z" }, detected()).noteKey).not.toBe(first);
  });
  it("does not repeat a login that is not one, and says nothing of a hold without one", () => {
    const { body } = reopenedComment(7, { login: "x](http://evil) @everyone", at: closedBy.at }, detected());
    expect(body).toContain("another account closed this issue");
    expect(body).not.toContain("evil");
    expect(body).not.toContain("The hold stands.");
  });
});
