// Readiness of the service, pure: the config is loaded and the last cycle finished
// within three schedule intervals (counted from start-up until the first one finishes).
interface ReadinessInput {
  configLoaded: boolean;
  startedAt: Date;
  lastCycleFinishedAt?: Date;
  intervalMs: number;
}

export function readiness(input: ReadinessInput, now: Date): { ready: boolean; reason: string } {
  if (!input.configLoaded) return { ready: false, reason: "config not loaded" };
  const since = input.lastCycleFinishedAt ?? input.startedAt;
  const age = now.getTime() - since.getTime();
  const limit = 3 * input.intervalMs;
  if (age > limit) {
    const what = input.lastCycleFinishedAt ? "last cycle finished" : "started, no cycle finished since";
    return {
      ready: false,
      reason: `${what} ${Math.round(age / 1000)} s ago, over 3 schedule intervals (${Math.round(limit / 1000)} s)`,
    };
  }
  return {
    ready: true,
    reason: input.lastCycleFinishedAt ? `last cycle finished ${Math.round(age / 1000)} s ago` : "first cycle pending",
  };
}
