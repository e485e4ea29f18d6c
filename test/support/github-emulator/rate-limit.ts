// The primary rate-limit window every response reports in its x-ratelimit-* headers. Requests count
// against it but are never refused for it: exhausting the limit is a fault tests inject explicitly.

export const RATE_LIMIT = 5000;
const WINDOW_SECONDS = 3600;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export interface RateLimitWindow {
  /** Counts one request and returns the headers describing the window after it. */
  consume(): Record<string, string>;
  reset(): void;
}

export function createRateLimitWindow(now: () => Date): RateLimitWindow {
  let used = 0;
  let resetAt = epochSeconds(now()) + WINDOW_SECONDS;
  return {
    consume() {
      const current = epochSeconds(now());
      if (current >= resetAt) {
        used = 0;
        resetAt = current + WINDOW_SECONDS;
      }
      used = Math.min(used + 1, RATE_LIMIT);
      return {
        "x-ratelimit-limit": String(RATE_LIMIT),
        "x-ratelimit-remaining": String(RATE_LIMIT - used),
        "x-ratelimit-used": String(used),
        "x-ratelimit-reset": String(resetAt),
        "x-ratelimit-resource": "core",
      };
    },
    reset() {
      used = 0;
      resetAt = epochSeconds(now()) + WINDOW_SECONDS;
    },
  };
}
