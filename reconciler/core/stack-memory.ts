// What the reconciler remembers about a stack across cycles, read back from its audit trail
// (the tracking issue, its keyed comments, the local trail) before each decision: an input of
// the pure policy, like the clock. It survives restarts and ephemeral runners because it lives
// in the tracker, not in the process.
export interface HealRecord {
  /** The drift fingerprint that was healed. */
  fingerprint: string;
  /** When the heal was verified (ISO 8601). */
  at: string;
}

export interface StackMemory {
  /** When the current drift episode began (its issue opened or reopened), if one is open. */
  episodeSince?: string;
  /** Heals verified on this stack's recent episodes, oldest first. */
  heals: HealRecord[];
}

export const noMemory: StackMemory = { heals: [] };
