// Wires the audit trail from the config: GitHub issues when a repository is configured,
// otherwise the local trail in audit.dir; the outbox always lives in audit.dir.
import { auditEventsFor } from "./audit-events.js";
import { fileOutbox } from "./audit-outbox.js";
import { deliverAuditEvents, type DeliveryResult } from "./audit-trail.js";
import { createGitHubClient, type GitHubClientOptions } from "./github-client.js";
import { githubIssueTracker } from "./github-issue-tracker.js";
import type { LoadedConfig } from "./load-config.js";
import { localIssueTracker } from "./local-issue-tracker.js";
import type { StackOutcome } from "./reconcile-stack.js";
import { redactor } from "./redact.js";

export interface AuditTrail {
  /** Where events go: "github:<owner/repo>" or "local:<dir>". */
  target: string;
  record(outcomes: readonly StackOutcome[], cycleId: string): Promise<DeliveryResult>;
}

/** The link to this run: configured, or GitHub Actions' own run URL. */
export function runUrlFrom(config: LoadedConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (config.audit.runUrl) return config.audit.runUrl;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

export function createAuditTrail(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env, clientOpts: GitHubClientOptions = {}): AuditTrail {
  const github = config.audit.github;
  const secrets = github ? [github.tokenEnv, github.app?.privateKeyEnv].flatMap((name) => (name && env[name] ? [env[name]] : [])) : [];
  const redact = redactor(secrets);
  const tracker = github
    ? githubIssueTracker(createGitHubClient(github, env, clientOpts), github.repository, github.labels[0] ?? "drift")
    : localIssueTracker(config.audit.dir);
  const outbox = fileOutbox(config.audit.dir);
  const labels = github?.labels ?? ["drift"];
  const runUrl = runUrlFrom(config, env);
  return {
    target: github ? `github:${github.repository}` : `local:${config.audit.dir}`,
    record: async (outcomes, cycleId) => {
      const events = outcomes.flatMap((o) => auditEventsFor(o, { severityRules: config.severity, cycleId, ...(runUrl ? { runUrl } : {}) }));
      return deliverAuditEvents(tracker, outbox, events, labels, redact);
    },
  };
}
