// A fetch that records every exchange as it crossed the wire (method, path, query, JSON bodies both
// ways), for Octokit's `request.fetch` and for direct calls alike: what a contract check reads.
import type { Exchange } from "./openapi-contract.js";

export interface RecordedExchange extends Exchange {
  /** Set while `recordingFetch.deliberately(...)` runs: the request breaks the contract on purpose. */
  deliberatelyInvalid: boolean;
}

export interface RecordingFetch {
  fetch: typeof fetch;
  exchanges: RecordedExchange[];
  /** Runs `send` with its requests marked as deliberately outside GitHub's description. */
  deliberately<T>(send: () => Promise<T>): Promise<T>;
}

function parsedJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function requestText(body: RequestInit["body"]): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  throw new Error("recordingFetch records string bodies only (Octokit sends JSON text)");
}

export function createRecordingFetch(): RecordingFetch {
  const exchanges: RecordedExchange[] = [];
  let invalid = false;
  const recording: typeof fetch = async (input, init) => {
    if (input instanceof Request) throw new Error("recordingFetch takes a URL and init, as Octokit calls it");
    const url = new URL(input);
    const sent = requestText(init?.body);
    const response = await fetch(input, init);
    const received = await response.clone().text();
    exchanges.push({
      method: (init?.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(sent === "" ? {} : { requestBody: parsedJson(sent) }),
      status: response.status,
      ...(received === "" ? {} : { responseBody: parsedJson(received) }),
      deliberatelyInvalid: invalid,
    });
    return response;
  };
  return {
    fetch: recording,
    exchanges,
    async deliberately(send) {
      invalid = true;
      try {
        return await send();
      } finally {
        invalid = false;
      }
    },
  };
}
