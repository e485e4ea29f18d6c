// The break-glass rule: drift made by a listed emergency principal is an incident fix until
// someone looks, not something to revert at once. Its heal is held (`needs-attention`) for
// policy.breakGlass.holdFor after the newest such change; then the policy applies as usual.
// A person can heal sooner with `/drift heal`. Pure.
import type { BreakGlass } from "./attribution-config.js";
import { principalMatches } from "./attribution-rules.js";
import type { DriftReport } from "./drift-report.js";
import { parseDuration } from "./duration.js";

export interface BreakGlassHold {
  guard: "break-glass";
  reason: string;
  heldBy: string;
  heldUntil: string;
}

/** The hold, when a listed principal made one of the drifted changes less than holdFor ago. */
export function breakGlassHold(
  report: DriftReport,
  rule: BreakGlass | undefined,
  now: Date,
): BreakGlassHold | undefined {
  if (!rule) return undefined;
  let newest: { principal: string; at: string; resource: string } | undefined;
  for (const item of report.drift) {
    for (const change of item.attribution?.changes ?? []) {
      const who = [change.principal, change.sessionIssuer].filter((w): w is string => w !== undefined);
      if (!rule.principals.some((pattern) => who.some((w) => principalMatches(pattern, w)))) continue;
      if (!newest || change.at > newest.at)
        newest = { principal: change.principal, at: change.at, resource: item.name };
    }
  }
  if (!newest) return undefined;
  const until = Date.parse(newest.at) + parseDuration(rule.holdFor);
  if (!Number.isFinite(until) || now.getTime() >= until) return undefined;
  const heldUntil = new Date(until).toISOString();
  return {
    guard: "break-glass",
    heldBy: newest.principal,
    heldUntil,
    reason:
      `${newest.resource} was changed by break-glass principal ${newest.principal} at ${newest.at} ` +
      `(policy.breakGlass): not reverting an incident fix until ${heldUntil}; ` +
      "keep it by changing the code, or heal sooner with /drift heal",
  };
}
