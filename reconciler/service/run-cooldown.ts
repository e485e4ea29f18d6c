// "Run now" waits its turn: after a cycle ends, POST /run is refused for the cooldown, so a
// script cannot keep the engine busy by asking again the moment a cycle finishes.
export function cooldownLeftSeconds(now: Date, lastEnded: Date | undefined, cooldownSeconds: number): number {
  if (!lastEnded) return 0;
  const leftMs = lastEnded.getTime() + cooldownSeconds * 1000 - now.getTime();
  return leftMs > 0 ? Math.ceil(leftMs / 1000) : 0;
}
