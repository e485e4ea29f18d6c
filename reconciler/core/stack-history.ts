// What the reconciler remembers about a stack across cycles, read back from its audit trail
// (the tracking issue, its keyed comments, the local trail) before each decision: an input of
// the pure policy, like the clock. It survives restarts and ephemeral runners because it lives
// in the tracker, not in the process.
import type { SteerCommand } from "./steer-command.js";

export interface HealRecord {
  /** The drift fingerprint that was healed. */
  fingerprint: string;
  /** When the heal was verified (ISO 8601). */
  at: string;
}

export interface StackHistory {
  /** When the current drift episode began (its issue opened or reopened), if one is open. */
  episodeSince?: string;
  /** Heals verified on this stack's recent episodes, oldest first. */
  heals: HealRecord[];
  /** The drift fingerprint the open episode's issue shows: what people read when they wrote their commands. */
  fingerprint?: string;
  /** Commands people applied on the stack (core/steer-command.ts), oldest first. */
  commands?: SteerCommand[];
  /** How far the open issue's comments were read for commands: its number, the newest change seen, the ids read. */
  commandsRead?: { issue: number; at: string; ids: number[] };
}

export const noHistory: StackHistory = { heals: [] };
