// Public types of the GitHub REST API emulator: options, the handle tests hold, faults and state snapshots.
import type { SecondaryLimitOptions } from "./secondary-limit.js";

export interface GitHubEmulatorOptions {
  /** The only token accepted (`authorization: token <t>` or `Bearer <t>`). Default "test-token". */
  token?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Largest `per_page` honoured; larger values are clamped like GitHub does. Default 100. */
  pageSizeMax?: number;
  /** Login of the user the token belongs to; authors what it creates. Default "test-user". */
  login?: string;
  /**
   * More accounts, each with its own token; what a token creates is authored by its login. A login
   * ending in "[bot]" is an installation (such as github-actions[bot]): GET /user answers it 403.
   */
  users?: Array<{ token: string; login: string }>;
  /**
   * A GitHub App: GET /app and POST /app/installations/:id/access_tokens accept a JSON web token
   * signed with its private key (verified against `publicKey`, PEM); installation tokens act as
   * `<slug>[bot]`.
   */
  app?: { id: number; slug: string; installationId: number; publicKey: string };
  /**
   * Roles on repositories, by "owner/repo" and login: `{ "acme/infra": { alice: "write" } }`.
   * GET /repos/:owner/:repo/collaborators/:username/permission answers them; a login without a role
   * has the permission "none" (repositories are private); `setRole` changes them at run time.
   */
  collaborators?: Record<string, Record<string, RepositoryRole>>;
  /** Clock for timestamps and rate-limit windows. Default `() => new Date()`. */
  now?: () => Date;
  /**
   * GitHub's secondary rate limits on content-creating requests (POST, PATCH, PUT, DELETE) per
   * token, enforced on the `now` clock. Default: 80 in any minute and 500 in any hour, as GitHub.
   */
  secondaryLimits?: SecondaryLimitOptions;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. "/repos/acme/infra/issues". */
  path: string;
  query: Record<string, string>;
  status: number;
  /** The parsed JSON request body (the raw text when it was not JSON); absent when there was none. */
  body?: unknown;
  /** When the answer was given (ISO 8601, milliseconds), by the machine's clock. */
  at: string;
}

export interface FaultMatch {
  /** Case-insensitive HTTP method. */
  method?: string;
  /** Tested against the path without the query string. */
  pathPattern?: RegExp;
}

interface QueuedFault {
  /** How many matching requests this fault answers. Default 1. */
  times?: number;
  /** Which requests it answers; every request when absent. */
  match?: FaultMatch;
  /** Delay before answering. */
  latencyMs?: number;
}

/** Answers with `status` and a GitHub-shaped error body. */
export interface StatusFault extends QueuedFault {
  status: number;
  message?: string;
}

/** Primary rate limit: `x-ratelimit-remaining: 0`, `x-ratelimit-reset` = now + resetInSeconds. */
export interface RateLimitFault extends QueuedFault {
  status: 403 | 429;
  rateLimit: { resetInSeconds: number };
}

/** Secondary rate limit: a `retry-after` header and GitHub's "secondary rate limit" message. */
export interface RetryAfterFault extends QueuedFault {
  status: 403 | 429;
  retryAfterSeconds: number;
}

/** Only delays the request, which is then handled normally. */
export interface LatencyFault extends QueuedFault {
  latencyMs: number;
}

/** Every request answers 503 until `recover()`. */
export interface DownFault {
  down: true;
}

export type Fault = StatusFault | RateLimitFault | RetryAfterFault | LatencyFault | DownFault;

/** A role on a repository, highest last; GitHub's legacy permission maps maintain → write, triage → read. */
export type RepositoryRole = "read" | "triage" | "write" | "maintain" | "admin";

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export type IssueState = "open" | "closed";
export type StateReason = "completed" | "not_planned" | "reopened";

export interface ReactionSnapshot {
  content: ReactionContent;
  /** Login of who reacted. */
  user: string;
}

export interface CommentSnapshot {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Oldest first. */
  reactions: ReactionSnapshot[];
}

export interface LabelSnapshot {
  name: string;
  color: string;
  description: string | null;
}

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason | null;
  /** Label names in the order they were applied. */
  labels: string[];
  comments: CommentSnapshot[];
  author: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface EmulatorState {
  /** Deep copies of a repository's issues, oldest first. */
  issues(owner: string, repo: string): IssueSnapshot[];
  /** Deep copies of a repository's labels, in creation order. */
  labels(owner: string, repo: string): LabelSnapshot[];
  /** The repository's collaborators and their roles, in the order they were given one. */
  collaborators(owner: string, repo: string): Array<{ login: string; role: RepositoryRole }>;
  /** Forgets every repository, issue, comment and label (ids and numbers start again at 1). */
  reset(): void;
}

export interface GitHubEmulator {
  /** Base URL for Octokit's `baseUrl`, e.g. "http://127.0.0.1:41234". */
  url: string;
  /** Every request in arrival-of-answer order, faulted ones included. Cleared in place by `reset()`. */
  requestLog: LoggedRequest[];
  state: EmulatorState;
  /** Queues a fault for the next matching requests, or (with `down`) takes the API down. */
  inject(fault: Fault): void;
  /** Brings the API back up after a `down` fault; queued faults stay queued. */
  recover(): void;
  /**
   * Gives `login` a role on the repository (null removes it). Not a request: neither logged nor
   * faulted. Throws for a role that is not one of RepositoryRole. With `viaPrivateTeam`, the role
   * comes from a team of an organisation whose membership is private: the permission lookup reports
   * it, but the login's comments carry the author_association NONE.
   */
  setRole(
    owner: string,
    repo: string,
    login: string,
    role: RepositoryRole | null,
    grant?: { viaPrivateTeam?: boolean },
  ): void;
  /**
   * Adds a comment by `login` to an existing issue, as if that user had posted it (at the
   * emulator's clock). Not a request: neither logged nor faulted. Throws when the issue does not
   * exist or the body is blank or longer than GitHub allows.
   */
  comment(owner: string, repo: string, issueNumber: number, login: string, body: string): CommentSnapshot;
  /**
   * Clears state, the request log, queued faults, the down flag and the rate-limit counter;
   * roles go back to the `collaborators` option.
   */
  reset(): void;
  close(): Promise<void>;
}
