// What the applied commands on a stack (core/steer-command.ts) mean now: the hold in force, the
// approval waiting for its heal, the last resume. An input of the pure policy, like the clock. Pure.
import type { SteerCommand } from "./steer-command.js";
import type { HealRecord } from "./stack-history.js";

type Hold = Extract<SteerCommand, { kind: "hold" }>;
type Approval = Extract<SteerCommand, { kind: "heal" }>;
type Resume = Extract<SteerCommand, { kind: "resume" }>;

export interface Steering {
  /** The latest hold no resume came after, whether or not it still applies. */
  hold?: Hold;
  /** The latest approval. */
  approval?: Approval;
  /** The latest resume: heals before it do not count toward the flapping stop. */
  resume?: Resume;
}

const byTime = (a: SteerCommand, b: SteerCommand) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

export function steeringOf(commands: readonly SteerCommand[]): Steering {
  const steering: Steering = {};
  for (const command of [...commands].sort(byTime)) {
    if (command.kind === "hold") steering.hold = command;
    if (command.kind === "heal") steering.approval = command;
    if (command.kind === "resume") {
      steering.resume = command;
      delete steering.hold;
    }
  }
  return steering;
}

export type HoldState =
  { state: "active"; hold: Hold } | { state: "ended"; hold: Hold; why: "expired" | "drift-changed" };

/** Whether the hold still stops a heal of the drift with this fingerprint. */
export function holdState(steering: Steering, fingerprint: string, now: Date): HoldState | undefined {
  const hold = steering.hold;
  if (!hold) return undefined;
  if (new Date(hold.until).getTime() <= now.getTime()) return { state: "ended", hold, why: "expired" };
  if (hold.fingerprint !== undefined && hold.fingerprint !== fingerprint) {
    return { state: "ended", hold, why: "drift-changed" };
  }
  return { state: "active", hold };
}

type ApprovalState =
  | { state: "valid"; approval: Approval }
  /** A heal of the approved drift was verified after the approval: it was used. */
  | { state: "used"; approval: Approval }
  /** The drift changed since the approval: it no longer applies. */
  | { state: "lapsed"; approval: Approval };

/** Whether the approval still allows one heal of the drift with this fingerprint. */
export function approvalState(
  steering: Steering,
  fingerprint: string,
  heals: readonly HealRecord[],
): ApprovalState | undefined {
  const approval = steering.approval;
  if (!approval) return undefined;
  const approvedAt = new Date(approval.at).getTime();
  const used = heals.some((h) => h.fingerprint === approval.fingerprint && new Date(h.at).getTime() > approvedAt);
  if (used) return { state: "used", approval };
  if (approval.fingerprint !== fingerprint) return { state: "lapsed", approval };
  return { state: "valid", approval };
}

/** Heals that count toward the flapping stop: those after the last resume. */
export function healsSinceResume(steering: Steering, heals: readonly HealRecord[]): HealRecord[] {
  const resume = steering.resume;
  if (!resume) return [...heals];
  const resumedAt = new Date(resume.at).getTime();
  return heals.filter((h) => new Date(h.at).getTime() > resumedAt);
}
