// Wires the audit trail from the config: GitHub issues when a repository is configured,
// otherwise the local trail in audit.dir; the outbox always lives in audit.dir.
import { systemClock, type Clock } from "../core/clock.js";
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { configSecrets } from "../core/config-secrets.js";
import { createRedactor, redactDeep } from "../core/redact.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import { auditEventsFor } from "./audit-events.js";
import { fileOutbox } from "./audit-outbox.js";
import { deliverAuditEvents, type DeliveryResult } from "./deliver-audit-events.js";
import { createGitHubClient, type GitHubClientOptions } from "./github-client.js";
import { githubIssueTracker } from "./github-issue-tracker.js";
import { localIssueTracker } from "./local-issue-tracker.js";

export interface AuditTrail {
  /** Where events go: "github:<owner/repo>" or "local:<dir>". */
  target: string;
  record(outcomes: readonly StackOutcome[], cycleId: string): Promise<DeliveryResult>;
}

/** The link to this run: configured, or GitHub Actions' own run URL. */
export function runUrlFrom(config: LoadedConfig, env: Env): string | undefined {
  if (config.audit.runUrl) return config.audit.runUrl;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

export interface AuditTrailOptions {
  /** Where tokenEnv, the App's variables and GitHub Actions' run variables are read from. */
  env: Env;
  now?: Clock;
  client?: GitHubClientOptions;
}

export function createAuditTrail(config: LoadedConfig, opts: AuditTrailOptions): AuditTrail {
  const { env } = opts;
  const github = config.audit.github;
  // Events are redacted before they reach the outbox or the tracker: issue bodies, comments and
  // the local trail are made from them.
  const redact = createRedactor(configSecrets(config, env));
  const tracker = github
    ? githubIssueTracker(createGitHubClient(github, env, opts.client), github.repository, github.labels[0] ?? "drift")
    : localIssueTracker(config.audit.dir, opts.now ?? systemClock);
  const outbox = fileOutbox(config.audit.dir);
  const labels = github?.labels ?? ["drift"];
  const runUrl = runUrlFrom(config, env);
  return {
    target: github ? `github:${github.repository}` : `local:${config.audit.dir}`,
    record: async (outcomes, cycleId) => {
      const events = outcomes.flatMap((o) =>
        auditEventsFor(o, { severityRules: config.severity, cycleId, ...(runUrl ? { runUrl } : {}) }),
      );
      return deliverAuditEvents(tracker, outbox, redactDeep(events, redact), labels, redact);
    },
  };
}
