// The guards that need the stack's history (stack-history.ts): the flapping breaker and the grace
// period. Pure: the report, the policy, the time and the history in, a blocked decision or none out.
import type { DriftReport } from "./drift-report.js";
import { formatDuration, parseDuration } from "./duration.js";
import { driftFingerprint } from "./fingerprint.js";
import type { EffectivePolicy } from "./loaded-config.js";
import type { Blocked } from "./decision.js";
import type { HealRecord, StackHistory } from "./stack-history.js";
import { healsSinceResume, steeringOf } from "./steering.js";

/** Heals of this very drift within the flapping window, oldest first. */
function recentHealsOf(fingerprint: string, heals: readonly HealRecord[], now: Date, windowMs: number): HealRecord[] {
  const since = now.getTime() - windowMs;
  return heals.filter((h) => h.fingerprint === fingerprint && new Date(h.at).getTime() >= since);
}

/**
 * The same drift (fingerprint) healed policy.flapping.maxHeals times within the window: something
 * keeps putting it back, and healing again would fight it. A different drift heals as usual.
 */
export function flapping(
  report: DriftReport,
  policy: EffectivePolicy,
  now: Date,
  history: StackHistory,
): Blocked | undefined {
  if (report.drift.length === 0) return undefined;
  const { maxHeals, window } = policy.flapping;
  // A resume (core/steering.ts) starts the count again.
  const counted = healsSinceResume(steeringOf(history.commands ?? []), history.heals);
  const heals = recentHealsOf(driftFingerprint(report.drift), counted, now, parseDuration(window));
  if (heals.length < maxHeals) return undefined;
  const when = heals.map((h) => h.at).join(", ");
  return {
    action: "report",
    guard: "flapping",
    reason:
      `the same drift was healed ${heals.length} times within ${window} (policy.flapping: at most ${maxHeals}), ` +
      `at ${when}: something keeps putting it back; not healing until it changes or someone resumes healing`,
  };
}

/**
 * policy.healAfter: drift must have been seen this long (since its episode opened) before it is
 * healed, so that an emergency change made by hand is not erased the moment it is made.
 */
export function gracePeriod(
  report: DriftReport,
  policy: EffectivePolicy,
  now: Date,
  history: StackHistory,
): Blocked | undefined {
  const waitMs = parseDuration(policy.healAfter);
  if (waitMs === 0 || report.drift.length === 0) return undefined;
  const since = history.episodeSince ? new Date(history.episodeSince) : now;
  const healAt = new Date(since.getTime() + waitMs);
  if (now.getTime() >= healAt.getTime()) return undefined;
  return {
    action: "report",
    guard: "grace-period",
    reason:
      `drift first seen at ${since.toISOString()}; policy.healAfter (${policy.healAfter}) holds the heal until ` +
      `${healAt.toISOString()} (in ${formatDuration(healAt.getTime() - now.getTime())}), so a change made by hand can be kept`,
  };
}
