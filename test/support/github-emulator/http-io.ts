// The node:http edges: reading a request body, writing an ApiResponse, the headers GitHub always sends.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiResponse } from "./api-response.js";

export type ParsedBody = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "invalid"; text: string };

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid", text };
  }
}

/** What the request log records as the body: the JSON value, the raw text, or nothing. */
export function loggedBody(body: ParsedBody): { body?: unknown } {
  if (body.kind === "json") return { body: body.value };
  if (body.kind === "invalid") return { body: body.text };
  return {};
}

/** Shaped like GitHub's: "C0DE:1A2B:3C4D5E:6F7A8B:65F0A1B2". */
export function requestId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex").toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${hex(4)}`;
}

export function standardHeaders(): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "x-github-request-id": requestId(),
    "x-github-media-type": "github.v3; format=json",
    "x-github-api-version-selected": "2022-11-28",
  };
}

export function writeResponse(res: ServerResponse, response: ApiResponse, headers: Record<string, string>): void {
  const payload = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, { ...headers, ...response.headers, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/** `token <t>` or `Bearer <t>`, scheme case-insensitive, as GitHub accepts. */
export function presentedToken(authorization: string | undefined): string | undefined {
  const found = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? "");
  return found?.[1];
}
