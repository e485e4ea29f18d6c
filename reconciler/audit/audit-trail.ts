// Wires the audit trail from the config: GitHub issues when a repository is configured,
// otherwise the local trail in audit.dir; the journal always lives in audit.dir. Each stack's
// reconcile tells its trail every stage as it happens (stack-trail.ts); events are journaled
// first, then delivered in order, one delivery at a time. Before a heal, delivery gets a short
// budget: the issue is normally open before `up` starts, but a tracker that is down never
// holds a heal back (its events wait in the journal).
import { systemClock, type Clock } from "../core/clock.js";
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { configSecrets } from "../core/config-secrets.js";
import { parseDuration } from "../core/duration.js";
import type { JournalBound } from "../core/journal-bound.js";
import { createRedactor, type Redact } from "../core/redact.js";
import { beforeDeadline } from "../engine/before-deadline.js";
import type { StackTrailFactory } from "../core/stack-trail.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import { deliverPending, type DeliveryResult } from "./deliver-audit-events.js";
import { githubAuthor } from "./github-author.js";
import { createGitHubClient, type GitHubClientOptions } from "./github-client.js";
import { githubIssueTracker } from "./github-issue-tracker.js";
import { githubSigning } from "./github-signing.js";
import type { IssueTracker } from "./issue-tracker.js";
import { fileJournal, type Journal } from "./journal.js";
import { localIssueTracker } from "./local-issue-tracker.js";
import { readLocalCommands } from "./local-commands.js";
import { permissionCache } from "./read-commands.js";
import { journaledTrail, type TrailDelivery } from "./journaled-trail.js";
import { isStack, stackPath, type StackId, type StackRef } from "../core/stack-id.js";

export interface AuditTrail {
  /** Where events go: "github:<owner/repo>" or "local:<dir>". */
  target: string;
  /** Each stack's trail, for RunOptions.trail. */
  forStack: StackTrailFactory;
  /** Tries once more to deliver what is journaled, and sums up the run's delivery. */
  settle(): Promise<DeliveryResult>;
  /** The stack's tracking issue as last delivered to in this process, for links elsewhere. */
  issueOf(id: Pick<StackId, "project" | "stack">): TrackedIssue | undefined;
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
  /** How long a stage waits for delivery before going on (default 10 s); the rest is delivered later. */
  deliveryBudgetMs?: number;
  warn?: (message: string) => void;
  /** The journal in audit.dir, when the caller shares it with other readers (reconciler/notify). */
  journal?: Journal;
  /** When settle() compacts the journal (core/journal-bound.ts; default: its defaultJournalBound). */
  journalBound?: JournalBound;
  /** The run's output redactor (default: one for this config's secrets, core/config-secrets.ts). */
  redact?: Redact;
}

function trackerFor(config: LoadedConfig, opts: AuditTrailOptions): IssueTracker {
  const github = config.audit.github;
  if (!github) return localIssueTracker(config.audit.dir, opts.now ?? systemClock, opts.warn);
  const client = createGitHubClient(github, opts.env, opts.client);
  const author = githubAuthor(client, github, opts.env);
  return githubIssueTracker(client, {
    repository: github.repository,
    label: github.labels[0] ?? "drift",
    author,
    signing: githubSigning(github, opts.env, author),
    ...(opts.warn ? { warn: opts.warn } : {}),
  });
}

export function createAuditTrail(config: LoadedConfig, opts: AuditTrailOptions): AuditTrail {
  const { env } = opts;
  const github = config.audit.github;
  // Events are redacted before they are journaled or reach the tracker: issue bodies, comments and
  // the local trail are made from them.
  const redact = opts.redact ?? createRedactor(configSecrets(config, env));
  const tracker = trackerFor(config, opts);
  const journal =
    opts.journal ??
    fileJournal(config.audit.dir, opts.warn, {
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.journalBound ? { bound: opts.journalBound } : {}),
    });
  const labels = github?.labels ?? ["drift"];
  const runUrl = runUrlFrom(config, env);
  const now = opts.now ?? systemClock;
  // People's roles are asked once a cycle (a cycle ends with settle()).
  let permissionOf = permissionCache(tracker);
  const warn = opts.warn ?? (() => undefined);
  // The flapping window of the stack itself, not of another stack with the same name. Delivery
  // knows a stack as the tracker does (project/stack), the stack's own trail by its whole identity.
  const windowOf = (id: StackRef) =>
    config.stacks.find((s) => isStack(s, id))?.effectivePolicy.flapping.window ?? "24h";

  // One delivery at a time, in journal order; after a failure this run stops trying until settle().
  let chain: Promise<void> = Promise.resolve();
  let down = false;
  let totals = { delivered: 0, rejected: 0 };
  let lastError: string | undefined;
  let issues: Record<string, TrackedIssue> = {};
  const known = new Map<string, TrackedIssue>();
  const attempt = async () => {
    const result = await deliverPending(tracker, journal, labels, {
      redact,
      reopenWithinMs: (project, stack) => parseDuration(windowOf({ project, stack })),
      now,
    });
    totals = { delivered: totals.delivered + result.delivered, rejected: totals.rejected + result.rejected };
    issues = { ...issues, ...result.issues };
    for (const [key, issue] of Object.entries(result.issues ?? {})) known.set(key, issue);
    if (result.error) {
      down = true;
      lastError = result.error;
    }
  };
  const deliver = (): Promise<void> => {
    chain = chain
      .then(() => (down ? undefined : attempt()))
      .catch((err: unknown) => {
        down = true;
        lastError = redact(err instanceof Error ? err.message : String(err));
      });
    return chain;
  };
  const budgetMs = opts.deliveryBudgetMs ?? 10_000;
  /** The value, or undefined once the budget is spent (the work goes on in the background). */
  const withinBudget = <T>(work: Promise<T>): Promise<T | undefined> => beforeDeadline(work, budgetMs, undefined);
  const delivery: TrailDelivery = {
    deliver,
    deliverWithin: async () => {
      await withinBudget(deliver());
    },
    isDown: () => down,
    withinBudget: async (read) => {
      const value = await withinBudget(read);
      if (value === undefined) down = true;
      return value;
    },
    markDown: () => {
      down = true;
    },
  };

  return {
    target: github ? `github:${github.repository}` : `local:${config.audit.dir}`,
    issueOf: (id) => known.get(stackPath(id)),
    forStack: (identity) =>
      journaledTrail({
        identity,
        journal,
        tracker,
        delivery,
        now,
        severityRules: config.severity,
        window: windowOf(identity),
        redact,
        ...(runUrl ? { runUrl } : {}),
        repository: github?.repository ?? "the local trail",
        permissionOf: (login) => permissionOf(login),
        ...(github?.repliesPerCycle ? { repliesPerCycle: github.repliesPerCycle } : {}),
        ...(github?.reactionsPerCycle !== undefined ? { reactionsPerCycle: github.reactionsPerCycle } : {}),
        warn,
        localCommands: () => readLocalCommands(config.audit.dir, identity, warn, now),
      }),
    settle: async () => {
      await chain;
      permissionOf = permissionCache(tracker);
      down = false;
      lastError = undefined;
      await deliver();
      tracker.forget?.();
      const queued = journal.pending().length;
      const result: DeliveryResult = {
        ...(Object.keys(issues).length > 0 ? { issues } : {}),
        delivered: totals.delivered,
        queued,
        rejected: totals.rejected,
        ...(queued > 0 && lastError ? { error: lastError } : {}),
        // Once a cycle: a long-running service keeps its journal bounded here.
        journal: journal.upkeep(),
      };
      totals = { delivered: 0, rejected: 0 };
      issues = {};
      return result;
    },
  };
}
