import { describe, expect, it } from "vitest";
import {
  attributionOf,
  budgetLeft,
  lookupsToRetry,
  lookupWindow,
  maxLookbackMs,
  principalMatches,
  windowSlackMs,
  worthRetrying,
  type PendingLookup,
} from "../../../reconciler/core/attribution-rules.js";
import { attributionText } from "../../../reconciler/core/attribution.js";
import { inlineParts, liveMarkup } from "../../support/markdown-inline.js";

const now = new Date("2026-03-10T12:00:00.000Z");

describe("the lookup window", () => {
  it("starts at the last cycle that saw the stack in sync, a few minutes early for clock skew", () => {
    const window = lookupWindow(now, "2026-03-10T11:45:00.000Z", "2026-01-01T00:00:00.000Z");
    expect(window.from).toBe("last-in-sync");
    expect(window.since.getTime()).toBe(Date.parse("2026-03-10T11:45:00.000Z") - windowSlackMs);
    expect(window.until).toEqual(now);
  });

  it("starts at the last deployment when no cycle saw the stack in sync", () => {
    const window = lookupWindow(now, undefined, "2026-03-09T08:00:00.000Z");
    expect(window.from).toBe("last-deployment");
    expect(window.since.toISOString()).toBe("2026-03-09T07:55:00.000Z");
  });

  it("never reaches back more than CloudTrail's 90 days", () => {
    const window = lookupWindow(now, undefined, "2025-01-01T00:00:00.000Z");
    expect(window.from).toBe("max-lookback");
    expect(now.getTime() - window.since.getTime()).toBe(maxLookbackMs);
    expect(lookupWindow(now).from).toBe("max-lookback");
    expect(lookupWindow(now, "not a time").from).toBe("max-lookback");
  });
});

describe("the per-cycle budget", () => {
  const budget = { maxRequests: 3, maxTimeMs: 10_000 };

  it("lets a lookup start while requests and time are left", () => {
    expect(budgetLeft(budget, { requests: 2, elapsedMs: 9_999 })).toEqual({ ok: true });
  });

  it("stops at the request limit and at the time limit, saying which", () => {
    expect(budgetLeft(budget, { requests: 3, elapsedMs: 0 })).toEqual({
      ok: false,
      reason: "request budget spent (3 per cycle)",
    });
    expect(budgetLeft(budget, { requests: 0, elapsedMs: 10_000 })).toEqual({
      ok: false,
      reason: "time budget spent (10 s per cycle)",
    });
  });
});

describe("answers and retries", () => {
  const change = {
    principal: "arn:aws:iam::1:user/a",
    action: "AuthorizeSecurityGroupIngress",
    at: "2026-03-10T11:50:00Z",
  };

  it("tries a lookup again later when nothing was found yet, when throttled or unreachable, or out of budget", () => {
    expect(worthRetrying({ kind: "none" })).toBe(true);
    expect(worthRetrying({ kind: "failed", why: "throttled", reason: "slow down" })).toBe(true);
    expect(worthRetrying({ kind: "failed", why: "unreachable", reason: "down" })).toBe(true);
    expect(worthRetrying({ kind: "failed", why: "budget", reason: "spent" })).toBe(true);
  });

  it("does not ask again after a denial, an unknown error, or a find", () => {
    expect(worthRetrying({ kind: "failed", why: "denied", reason: "no" })).toBe(false);
    expect(worthRetrying({ kind: "failed", why: "error", reason: "bad" })).toBe(false);
    expect(worthRetrying({ kind: "found", changes: [change] })).toBe(false);
  });

  it("says a throttled lookup is not available, with the reason, and a spent budget as not looked up", () => {
    const throttled = attributionOf({ kind: "failed", why: "throttled", reason: "CloudTrail throttled" }, "cloudtrail");
    expect(throttled).toEqual({ status: "unavailable", source: "cloudtrail", reason: "CloudTrail throttled" });
    expect(attributionText(throttled)).toBe("who: not available (`CloudTrail throttled`)");
    const spent = attributionOf({ kind: "failed", why: "budget", reason: "request budget spent" }, "cloudtrail");
    expect(spent.status).toBe("not-looked-up");
  });

  it("keeps the newest calls first, at most five", () => {
    const changes = Array.from({ length: 7 }, (_, i) => ({ ...change, at: `2026-03-10T11:0${i}:00Z` }));
    const found = attributionOf({ kind: "found", changes }, "cloudtrail");
    expect(found.changes?.map((c) => c.at)).toEqual([
      "2026-03-10T11:06:00Z",
      "2026-03-10T11:05:00Z",
      "2026-03-10T11:04:00Z",
      "2026-03-10T11:03:00Z",
      "2026-03-10T11:02:00Z",
    ]);
  });

  it("retries a pending lookup until retryFor after it was first tried, then gives up", () => {
    const pending = (firstTriedAt: string): PendingLookup => ({
      urn: `urn:${firstTriedAt}`,
      name: "sg",
      type: "aws:ec2/securityGroup:SecurityGroup",
      resourceId: "sg-1",
      since: "2026-03-10T00:00:00Z",
      firstTriedAt,
    });
    const kept = lookupsToRetry([pending("2026-03-10T10:00:01Z"), pending("2026-03-10T09:59:59Z")], now, 2 * 3600_000);
    expect(kept.map((p) => p.firstTriedAt)).toEqual(["2026-03-10T10:00:01Z"]);
  });
});

describe("principal patterns", () => {
  it("matches * across any run of characters and everything else literally", () => {
    expect(principalMatches("arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::123456789012:role/BreakGlass")).toBe(true);
    expect(principalMatches("arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::123456789012:role/BreakGlassX")).toBe(
      false,
    );
    expect(
      principalMatches("arn:aws:sts::*:assumed-role/BreakGlass/*", "arn:aws:sts::1:assumed-role/BreakGlass/jo"),
    ).toBe(true);
    expect(principalMatches("a.b", "axb")).toBe(false);
  });
});

describe("the attribution line", () => {
  it("keeps a principal holding Markdown, an @mention and a marker inert", () => {
    const hostile = "[x](https://evil) @platform-team <!-- drift-reconciler:stack=a/b --> `tick`";
    const line = attributionText({
      status: "found",
      source: "fixture-activity-log",
      changes: [{ principal: hostile, action: "**Delete**", at: "2026-03-10T11:00:00Z", userAgent: "@ops\nline" }],
    });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).not.toContain("<!--");
    const parts = inlineParts(line);
    expect(parts.text).not.toMatch(/@|\[x\]|\*\*/);
    expect(liveMarkup(line)).toEqual([]);
    expect(parts.code.join(" ")).toContain("@platform-team");
  });

  it("says late finds were found later, and names a provider without an audit log", () => {
    const found = {
      status: "found" as const,
      source: "cloudtrail",
      foundLater: true,
      changes: [{ principal: "arn:aws:iam::1:user/a", action: "PutBucketPolicy", at: "2026-03-10T11:00:00Z" }],
    };
    expect(attributionText(found)).toMatch(
      /^Changed by `arn:aws:iam::1:user\/a`: `PutBucketPolicy` at .* \(found later\)$/,
    );
    expect(attributionText({ status: "unsupported", source: "azure-native" })).toBe(
      "who: not available for `azure-native`",
    );
  });
});
