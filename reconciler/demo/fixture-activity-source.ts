// The fixture cloud's activity log as an attribution source: the same interface as CloudTrail
// (core/attribution-source.ts), so the demo's issue says who opened port 22. The cloud is the
// one the stack's own environment names (FIXTURE_CLOUD_DIR).
import type { ActivitySource } from "../core/attribution-source.js";
import { readActivity } from "./fixture-provider/activity-log.js";

export const fixtureActivitySource: ActivitySource = {
  provider: "fixture",
  name: "fixture-activity-log",
  async lookup(target, ctx) {
    const cloudDir = ctx.env["FIXTURE_CLOUD_DIR"];
    if (!cloudDir) return { kind: "failed", why: "error", reason: "the stack's env sets no FIXTURE_CLOUD_DIR" };
    if (!ctx.takeRequest()) return { kind: "failed", why: "budget", reason: "request budget spent" };
    const since = target.since.getTime();
    const until = target.until.getTime();
    const changes = readActivity(cloudDir)
      .filter((e) => e.id === target.resourceId)
      .filter((e) => Date.parse(e.at) >= since && Date.parse(e.at) <= until)
      .map((e) => ({
        principal: e.actor,
        action: e.action,
        at: e.at,
        ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
        ...(e.userAgent ? { userAgent: e.userAgent } : {}),
      }));
    return changes.length > 0 ? { kind: "found", changes } : { kind: "none" };
  },
};
