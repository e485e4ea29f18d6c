// GitHub's secondary rate limits on content-creating requests (POST, PATCH, PUT, DELETE): per
// token, at most `perMinute.count` in any `perMinute.windowMs` and `perHour.count` in any
// `perHour.windowMs` (defaults: GitHub's 80 a minute and 500 an hour). Beyond them a request is
// answered 403 (or the configured 429) with `retry-after` and GitHub's "secondary rate limit"
// message, changes nothing, and does not count.
import { errorBody, type ApiResponse } from "./api-response.js";

export interface SecondaryWindow {
  count: number;
  windowMs: number;
}

export interface SecondaryLimitOptions {
  perMinute?: SecondaryWindow;
  perHour?: SecondaryWindow;
  /** The status of a refusal; GitHub answers 403 or 429. Default 403. */
  status?: 403 | 429;
}

export const GITHUB_SECONDARY_LIMITS = {
  perMinute: { count: 80, windowMs: 60_000 },
  perHour: { count: 500, windowMs: 3_600_000 },
} as const;

export interface SecondaryLimiter {
  /** Counts a content-creating request and returns undefined, or returns the refusal (not counted). */
  admit(method: string, caller: string): ApiResponse | undefined;
  reset(): void;
}

const contentCreating = new Set(["POST", "PATCH", "PUT", "DELETE"]);

function checkWindow(name: string, window: SecondaryWindow): SecondaryWindow {
  if (!Number.isInteger(window.count) || window.count < 1) {
    throw new Error(`secondaryLimits.${name}.count must be a positive integer, got ${window.count}`);
  }
  if (!(window.windowMs > 0)) throw new Error(`secondaryLimits.${name}.windowMs must be > 0, got ${window.windowMs}`);
  return window;
}

/** Milliseconds until `times` (ascending) has room for one more in the window, or 0. */
function waitFor(times: readonly number[], window: SecondaryWindow, at: number): number {
  const recent = times.filter((t) => t > at - window.windowMs);
  if (recent.length < window.count) return 0;
  return (recent[recent.length - window.count] ?? at) + window.windowMs - at;
}

export function refusal(status: 403 | 429, waitMs: number): ApiResponse {
  const body = errorBody(
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  );
  return { status, body, headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) } };
}

export function createSecondaryLimiter(now: () => Date, opts: SecondaryLimitOptions = {}): SecondaryLimiter {
  const windows = [
    checkWindow("perMinute", opts.perMinute ?? GITHUB_SECONDARY_LIMITS.perMinute),
    checkWindow("perHour", opts.perHour ?? GITHUB_SECONDARY_LIMITS.perHour),
  ];
  const longest = Math.max(...windows.map((w) => w.windowMs));
  let byCaller = new Map<string, number[]>();
  return {
    admit(method, caller) {
      if (!contentCreating.has(method.toUpperCase())) return undefined;
      const at = now().getTime();
      const times = (byCaller.get(caller) ?? []).filter((t) => t > at - longest);
      const waitMs = Math.max(...windows.map((w) => waitFor(times, w, at)));
      byCaller.set(caller, waitMs > 0 ? times : [...times, at]);
      return waitMs > 0 ? refusal(opts.status ?? 403, waitMs) : undefined;
    },
    reset() {
      byCaller = new Map();
    },
  };
}
