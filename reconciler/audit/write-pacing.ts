// Paces content-creating requests: each starts at least `spacingMs` after the one before it. It has
// the shape of the throttling plugin's limiter groups (key(id).schedule(options, fn, ...args)), so
// the client can use it for writes in place of the plugin's own spacing.
import { setTimeout as delay } from "node:timers/promises";

interface Limiter {
  schedule<A extends unknown[], R>(options: unknown, fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
}

export interface WritePacing {
  key(id: string): Limiter;
}

function spacedLimiter(spacingMs: number, now: () => number): Limiter {
  // When the previous write actually started: a late timer pushes the next write back with it.
  let previous: Promise<number> = Promise.resolve(-Infinity);
  return {
    async schedule(_options, fn, ...args) {
      const started = previous.then(async (last) => {
        const wait = last + spacingMs - now();
        if (wait > 0) await delay(wait);
        return now();
      });
      previous = started;
      await started;
      return fn(...args);
    },
  };
}

export function writePacing(spacingMs: number, now: () => number = Date.now): WritePacing {
  if (!(spacingMs >= 0)) throw new Error(`writeSpacingMs must be >= 0, got ${spacingMs}`);
  const limiters = new Map<string, Limiter>();
  return {
    key(id) {
      const limiter = limiters.get(id) ?? spacedLimiter(spacingMs, now);
      limiters.set(id, limiter);
      return limiter;
    },
  };
}
