// Injected faults: a queue of one-shot (or n-shot) answers for matching requests, plus a "down" switch.
// A faulted request is answered here and never reaches a route, so it changes no state.
import { ApiError, errorBody, statusMessage, type ApiResponse } from "./api-response.js";
import { RATE_LIMIT, epochSeconds } from "./rate-limit.js";
import { refusal } from "./secondary-limit.js";
import type {
  DownFault,
  Fault,
  FaultMatch,
  LatencyFault,
  RateLimitFault,
  RetryAfterFault,
  StatusFault,
} from "./types.js";

type QueueableFault = Exclude<Fault, DownFault>;

interface QueuedEntry {
  fault: QueueableFault;
  remaining: number;
}

export interface FaultBox {
  inject(fault: Fault): void;
  recover(): void;
  isDown(): boolean;
  /** Consumes one use of the first queued fault matching the request. */
  take(method: string, path: string): QueueableFault | undefined;
  clear(): void;
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (match?.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  // search() ignores a /g pattern's lastIndex, so the same RegExp answers the same way every time.
  if (match?.pathPattern !== undefined && path.search(match.pathPattern) === -1) return false;
  return true;
}

function checkFault(fault: QueueableFault): void {
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${times}`);
  if (fault.latencyMs !== undefined && !(fault.latencyMs >= 0)) {
    throw new Error(`fault.latencyMs must be >= 0, got ${fault.latencyMs}`);
  }
}

export function createFaultBox(): FaultBox {
  let queue: QueuedEntry[] = [];
  let down = false;
  return {
    inject(fault) {
      if ("down" in fault) {
        down = true;
        return;
      }
      checkFault(fault);
      queue.push({ fault, remaining: fault.times ?? 1 });
    },
    recover() {
      down = false;
    },
    isDown: () => down,
    take(method, path) {
      const entry = queue.find((e) => matches(e.fault.match, method, path));
      if (!entry) return undefined;
      entry.remaining -= 1;
      if (entry.remaining === 0) queue = queue.filter((e) => e !== entry);
      return entry.fault;
    },
    clear() {
      queue = [];
      down = false;
    },
  };
}

export function downResponse(): ApiResponse {
  return new ApiError(503, errorBody("Service Unavailable")).response;
}

function rateLimitResponse(fault: RateLimitFault, now: Date): ApiResponse {
  const body = errorBody(
    "API rate limit exceeded for user ID 1.",
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
  );
  const headers = {
    "x-ratelimit-remaining": "0",
    "x-ratelimit-used": String(RATE_LIMIT),
    "x-ratelimit-reset": String(epochSeconds(now) + fault.rateLimit.resetInSeconds),
  };
  return { status: fault.status, body, headers };
}

function retryAfterResponse(fault: RetryAfterFault): ApiResponse {
  return refusal(fault.status, fault.retryAfterSeconds * 1000);
}

const isLatencyOnly = (fault: QueueableFault): fault is LatencyFault => !("status" in fault);

/** The answer a fault gives, or undefined when it only delays the request. */
export function faultResponse(fault: QueueableFault, now: Date): ApiResponse | undefined {
  if (isLatencyOnly(fault)) return undefined;
  if ("rateLimit" in fault) return rateLimitResponse(fault, now);
  if ("retryAfterSeconds" in fault) return retryAfterResponse(fault);
  const plain: StatusFault = fault;
  return { status: plain.status, body: errorBody(plain.message ?? statusMessage(plain.status)) };
}
