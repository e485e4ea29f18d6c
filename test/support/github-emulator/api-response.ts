// What a route or a fault answers, and the GitHub-shaped error bodies shared by all of them.
import { STATUS_CODES } from "node:http";

export const DOCS_URL = "https://docs.github.com/rest";

export interface ApiResponse {
  status: number;
  /** JSON-serialisable; absent for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ValidationErrorItem {
  resource: string;
  field: string;
  code: "missing_field" | "invalid" | "already_exists" | "custom";
  message?: string;
}

/** Thrown by route handlers; the server turns it into the response it carries. */
export class ApiError extends Error {
  readonly response: ApiResponse;

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body["message"] === "string" ? body["message"] : `HTTP ${status}`);
    this.name = "ApiError";
    this.response = { status, body };
  }
}

export function errorBody(message: string, documentationUrl = DOCS_URL): Record<string, unknown> {
  return { message, documentation_url: documentationUrl };
}

export function statusMessage(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

export function notFound(): ApiError {
  return new ApiError(404, errorBody("Not Found"));
}

export function validationFailed(...errors: ValidationErrorItem[]): ApiError {
  return new ApiError(422, { message: "Validation Failed", errors, documentation_url: DOCS_URL });
}

export function invalidRequest(detail: string): ApiError {
  return new ApiError(422, errorBody(`Invalid request.\n\n${detail}`));
}
