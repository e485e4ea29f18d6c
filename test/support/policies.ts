// A stack's effective policy for tests: heal mode, pending changes blocked, nothing allowed to be
// deleted or replaced, every other key at its default; each test overrides what it is about.
import type { EffectivePolicy } from "../../reconciler/core/loaded-config.js";

export function testPolicy(overrides: Partial<EffectivePolicy> = {}): EffectivePolicy {
  return {
    mode: "heal",
    pendingChanges: "block",
    maxDeletes: 0,
    maxReplaces: 0,
    protectedTypes: [],
    massDeletionThreshold: 0.5,
    freezeWindows: [],
    staleLockAfter: "30m",
    cancelStaleLocks: false,
    flapping: { maxHeals: 3, window: "24h" },
    healAfter: "0s",
    pendingCheckEvery: 6,
    ...overrides,
  };
}
