// One HTTP POST of a notification, and what its answer means: delivered (2xx); try again later
// (5xx, 408, no answer at all: connection refused, reset, timed out); wait as told (429 with
// Retry-After); or refused for good (any other 4xx, and redirects, which are not followed: the
// signed body goes only where it was configured to go). What is said about a failure never
// holds the URL: for chat sinks the URL is the secret. A receiver's answer is read up to a cap
// (the rest is never read) and redacted before it is shortened for the reason.
import { readBoundedText } from "../audit/bounded-body.js";
import { visibleText } from "../core/inert-markdown.js";
import { causeChain, networkErrorWords } from "../core/network-error.js";
import { excerpt, type Redact } from "../core/redact.js";

export type PostResult =
  | { result: "delivered"; status: number }
  | { result: "retry"; reason: string; retryAfterMs?: number }
  | { result: "refused"; reason: string };

/** What went wrong on the way, without the URL fetch may quote. */
export function networkReason(err: unknown): string {
  const words = networkErrorWords(err);
  if (words) return words;
  for (const cause of causeChain(err)) {
    const name = (cause as { name?: unknown }).name;
    if (name === "TimeoutError") return "no answer in time";
    if (name === "AbortError") return "stopped: the delivery budget was spent";
  }
  return "network error";
}

/** Retry-After: delay-seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The most of a receiver's answer that is read; what follows is dropped unread. */
export const maxAnswerBytes = 64 * 1024;

async function answerText(response: Response, redact: Redact): Promise<string> {
  try {
    const { text, cut } = await readBoundedText(response, maxAnswerBytes);
    const said = text.trim() === "" ? "" : `: ${visibleText(excerpt(text.trim(), 200, redact))}`;
    return cut ? `${said} (answer over ${maxAnswerBytes / 1024} KiB: the rest was dropped unread)` : said;
  } catch {
    return "";
  }
}

export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Ends the request (the delivery budget was spent, or a per-request timeout). */
  signal: AbortSignal;
  now: () => Date;
  /** The run's output redactor: applied to the receiver's answer before it is cut. */
  redact: Redact;
}

export async function postNotification(req: PostRequest): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(req.url, {
      method: "POST",
      body: req.body,
      headers: { "content-type": "application/json; charset=utf-8", ...req.headers },
      redirect: "manual",
      signal: req.signal,
    });
  } catch (err) {
    return { result: "retry", reason: networkReason(err) };
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { result: "delivered", status };
  }
  const said = await answerText(response, req.redact);
  if (status === 429) {
    const wait = retryAfterMs(response.headers.get("retry-after"), req.now());
    return { result: "retry", reason: `HTTP 429${said}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (status >= 500 || status === 408) return { result: "retry", reason: `HTTP ${status}${said}` };
  if (status >= 300 && status < 400) return { result: "refused", reason: `HTTP ${status}: redirects are not followed` };
  return { result: "refused", reason: `HTTP ${status}${said}` };
}
