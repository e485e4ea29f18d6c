// The GitHub REST API emulator for tests and the demo: start one, point Octokit's baseUrl at `url`.
export { startGitHubEmulator } from "./server.js";
export { GITHUB_SECONDARY_LIMITS, type SecondaryLimitOptions, type SecondaryWindow } from "./secondary-limit.js";
export type {
  CommentSnapshot,
  DownFault,
  EmulatorState,
  Fault,
  FaultMatch,
  GitHubEmulator,
  GitHubEmulatorOptions,
  IssueSnapshot,
  IssueState,
  LabelSnapshot,
  LatencyFault,
  LoggedRequest,
  ReactionContent,
  ReactionSnapshot,
  RateLimitFault,
  RepositoryRole,
  RetryAfterFault,
  StateReason,
  StatusFault,
} from "./types.js";
