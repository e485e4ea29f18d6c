// The GitHub client: Octokit with retries (5xx) and throttling (rate limits, honouring
// retry-after and x-ratelimit-reset). Writes are paced under GitHub's secondary limits (80
// content-creating requests a minute): the plugin spaces them 1 s apart (3 s for those that
// notify, such as opening an issue). A secondary-limit answer is waited out and retried; one
// that asks for a longer wait than the client may spend fails the request, and the event stays
// in the journal for a later delivery. Auth: a token from a named environment variable,
// or a GitHub App installation. baseUrl points at GitHub Enterprise Server when needed.
import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { boundedFetch } from "./bounded-body.js";
import { writePacing } from "./write-pacing.js";
import { ConfigError } from "../core/config-error.js";
import type { GitHubConfig } from "../core/config-schema.js";
import type { Env } from "../core/loaded-config.js";

export type GitHubClient = InstanceType<typeof RetryingOctokit>;
const RetryingOctokit = Octokit.plugin(retry, throttling);

export interface GitHubClientOptions {
  /** Base of the 5xx backoff (1 s, 4 s, 9 s at the default 1000 ms). */
  retryBaseMs?: number;
  retries?: number;
  /** How many times one request waits out a rate limit before giving up. */
  rateLimitRetries?: number;
  /** How many times one request waits out a secondary rate limit before giving up (default 5). */
  secondaryRetries?: number;
  /** The longest retry-after waited out, in seconds (default 120); a longer one fails the request. */
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds between content-creating requests, in place of the plugin's 1 s (3 s when notifying). */
  writeSpacingMs?: number;
  warn?: (message: string) => void;
  /** The largest answer read from GitHub (default 32 MiB: a page of 100 comments at GitHub's size limit fits). */
  maxAnswerBytes?: number;
}

const defaultMaxAnswerBytes = 32 * 1024 * 1024;

function required(env: Env, name: string, key: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`audit.github.${key}: environment variable ${name} is not set`, []);
  return value;
}

function authOptions(config: GitHubConfig, env: Env): Record<string, unknown> {
  if (config.app) {
    return {
      authStrategy: createAppAuth,
      auth: {
        appId: required(env, config.app.appIdEnv, "app.appIdEnv"),
        privateKey: required(env, config.app.privateKeyEnv, "app.privateKeyEnv"),
        installationId: Number(required(env, config.app.installationIdEnv, "app.installationIdEnv")),
      },
    };
  }
  return { auth: required(env, config.tokenEnv ?? "GITHUB_TOKEN", "tokenEnv") };
}

/** Whether to wait out a secondary limit: the wait is bounded, and so is the number of waits. */
export function waitsOutSecondaryLimit(
  retryAfter: number,
  retryCount: number,
  opts: Pick<GitHubClientOptions, "secondaryRetries" | "maxRateLimitWaitSeconds">,
): boolean {
  return retryCount < (opts.secondaryRetries ?? 5) && retryAfter <= (opts.maxRateLimitWaitSeconds ?? 120);
}

function pacing(opts: GitHubClientOptions): Record<string, unknown> {
  if (opts.writeSpacingMs === undefined) return {};
  return { write: writePacing(opts.writeSpacingMs), notifications: writePacing(0) };
}

export function createGitHubClient(config: GitHubConfig, env: Env, opts: GitHubClientOptions = {}): GitHubClient {
  const warn = opts.warn ?? (() => undefined);
  const rateLimitRetries = opts.rateLimitRetries ?? 2;
  return new RetryingOctokit({
    ...authOptions(config, env),
    baseUrl: config.baseUrl,
    request: { fetch: boundedFetch(opts.maxAnswerBytes ?? defaultMaxAnswerBytes, "GitHub") },
    userAgent: "pulumi-drift-reconciler",
    // Octokit's own logging carries request details; keep only warnings, as plain messages.
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => warn(m), error: (m: string) => warn(m) },
    retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: {
      ...pacing(opts),
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        warn(`GitHub rate limit hit; waiting ${retryAfter} s (retry ${retryCount + 1} of ${rateLimitRetries})`);
        return retryCount < rateLimitRetries;
      },
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        const waits = waitsOutSecondaryLimit(retryAfter, retryCount, opts);
        warn(
          waits
            ? `GitHub secondary rate limit hit; waiting ${retryAfter} s before retrying`
            : `GitHub secondary rate limit hit; not waiting ${retryAfter} s now (the rest is delivered later)`,
        );
        return waits;
      },
    },
  });
}
