// What others send back is read up to a cap, never whole: a GitHub answer or a notification
// receiver's error page of any size costs at most the cap in memory. An answer over the cap is
// dropped (the rest is never read) with an error that names who sent it and the cap.
export class AnswerTooLargeError extends Error {
  override readonly name = "AnswerTooLargeError";
}

export interface BoundedBody {
  bytes: Uint8Array;
  /** The answer went on past the cap: `bytes` holds only its first `maxBytes`. */
  cut: boolean;
}

function tooLargeByHeader(response: Response, maxBytes: number): boolean {
  const length = Number(response.headers.get("content-length") ?? "");
  return Number.isFinite(length) && length > maxBytes;
}

/** The first `maxBytes` of the body at most; the rest is cancelled unread. */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<BoundedBody> {
  const body = response.body as ReadableStream<Uint8Array> | null;
  const reader = body?.getReader();
  if (!reader) return { bytes: new Uint8Array(0), cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        size = maxBytes;
        await reader.cancel().catch(() => undefined);
        return { bytes: joined(chunks, size), cut: true };
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return { bytes: joined(chunks, size), cut: false };
}

function joined(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** At most `maxBytes` of the body as text (UTF-8), and whether more was dropped. */
export async function readBoundedText(response: Response, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  const { bytes, cut } = await readBoundedBody(response, maxBytes);
  return { text: new TextDecoder().decode(bytes), cut };
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * `fetch` whose answers are read whole here, up to `maxBytes`: a larger one throws
 * AnswerTooLargeError (after reading no more than the cap) instead of reaching the caller.
 * For clients that read bodies themselves without a limit (Octokit).
 */
export function boundedFetch(maxBytes: number, who: string, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const method = init?.method ?? "GET";
    const tooLarge = () =>
      new AnswerTooLargeError(
        `${who} answered ${method} with more than ${mib(maxBytes)}: the answer was dropped unread (a proxy or server fault?)`,
      );
    if (tooLargeByHeader(response, maxBytes)) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const { bytes, cut } = await readBoundedBody(response, maxBytes);
    if (cut) throw tooLarge();
    const empty = response.status === 204 || response.status === 205 || response.status === 304;
    const copy = new Response(empty ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(copy, "url", { value: response.url });
    return copy;
  };
}
