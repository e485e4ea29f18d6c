// Request-body and query validation with GitHub's error shapes (422 "Validation Failed" and friends).
import { ApiError, errorBody, invalidRequest, notFound, validationFailed } from "./api-response.js";
import type { IssueState, ReactionContent, StateReason } from "./types.js";

export const MAX_BODY_CHARACTERS = 65536;

export type BodyResource = "Issue" | "IssueComment";

/** The request body as a JSON object; GitHub refuses anything else for these endpoints. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

export function issueNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw notFound();
  return Number(text);
}

/** A required, non-blank string field (GitHub also accepts a number for `title`). */
export function requiredText(fields: Record<string, unknown>, field: string, resource: string): string {
  const value = fields[field];
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || value.trim() === "") {
    throw validationFailed({ resource, field, code: "missing_field" });
  }
  return value;
}

export function optionalText(fields: Record<string, unknown>, field: string, resource: string): string | undefined {
  const value = fields[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw validationFailed({ resource, field, code: "invalid" });
  return value;
}

/** Bodies are limited to 65,536 characters (counted as Unicode code points, like Rails does). */
export function checkBodyLength(body: string | null | undefined, resource: BodyResource): void {
  if (body === null || body === undefined || body.length <= MAX_BODY_CHARACTERS) return;
  if (Array.from(body).length <= MAX_BODY_CHARACTERS) return;
  throw validationFailed({
    resource,
    field: "body",
    code: "custom",
    message: `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`,
  });
}

export function issueBody(fields: Record<string, unknown>, resource: BodyResource): string | null | undefined {
  const value = fields["body"];
  if (value === undefined || value === null) return value;
  if (typeof value !== "string") throw validationFailed({ resource, field: "body", code: "invalid" });
  checkBodyLength(value, resource);
  return value;
}

/** Label names from `["a", "b"]` or `[{ name: "a" }]`. */
export function labelNames(value: unknown, field = "labels"): string[] {
  if (!Array.isArray(value)) throw validationFailed({ resource: "Label", field, code: "invalid" });
  return value.map((item: unknown) => {
    if (typeof item === "string" && item.trim() !== "") return item;
    if (typeof item === "object" && item !== null && "name" in item && typeof item.name === "string") return item.name;
    throw validationFailed({ resource: "Label", field: "name", code: "invalid" });
  });
}

export function issueState(value: unknown): IssueState | undefined {
  if (value === undefined) return undefined;
  if (value === "open" || value === "closed") return value;
  throw validationFailed({ resource: "Issue", field: "state", code: "invalid" });
}

export function stateReason(value: unknown): StateReason | null | undefined {
  if (value === undefined || value === null) return value;
  if (value === "completed" || value === "not_planned" || value === "reopened") return value;
  throw validationFailed({ resource: "Issue", field: "state_reason", code: "invalid" });
}

export type StateFilter = IssueState | "all";

export function stateFilter(query: Record<string, string>): StateFilter {
  const value = query["state"] ?? "open";
  if (value === "open" || value === "closed" || value === "all") return value;
  throw validationFailed({ resource: "Issue", field: "state", code: "invalid" });
}

export function badJson(): ApiError {
  return new ApiError(400, errorBody("Problems parsing JSON"));
}

export const REACTION_CONTENTS: readonly ReactionContent[] = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
];

export function reactionContent(value: unknown): ReactionContent {
  if (REACTION_CONTENTS.includes(value as ReactionContent)) return value as ReactionContent;
  const code = value === undefined ? "missing_field" : "invalid";
  throw validationFailed({ resource: "Reaction", field: "content", code });
}

const ISO_8601 = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;

/**
 * The `since` query parameter: an ISO 8601 date or time (UTC when it names no zone), undefined when
 * absent; anything else is refused with GitHub's message.
 */
export function sinceTime(query: Record<string, string>): Date | undefined {
  const text = query["since"];
  if (text === undefined) return undefined;
  const found = ISO_8601.exec(text);
  const time = found && Date.parse(text.includes("T") && found[1] === undefined ? `${text}Z` : text);
  if (!found || time === null || Number.isNaN(time)) {
    throw new ApiError(422, errorBody("The since parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ"));
  }
  return new Date(time);
}

/** GitHub's timestamps have second precision, so `since` compares whole seconds, inclusively. */
export function updatedSince(updatedAt: Date, since: Date | undefined): boolean {
  return since === undefined || Math.floor(updatedAt.getTime() / 1000) >= Math.floor(since.getTime() / 1000);
}
