// After a cycle, the shard's section of the drift dashboard (audit.github.dashboard): a row per
// stack the shard owns in the config (a stack removed from the config is gone from it), with
// its last outcome and the link to its open tracking issue. A dashboard that cannot be written
// is reported as such and never fails the cycle.
import type { Env, LoadedConfig } from "../core/loaded-config.js";
import { fleetRowOf } from "../core/fleet-row.js";
import { readTrailer } from "../core/marker-trailer.js";
import { parseDuration } from "../core/duration.js";
import { createRedactor, redactDeep, type Redact } from "../core/redact.js";
import { configSecrets } from "../core/config-secrets.js";
import { selectStacks } from "../core/select-stacks.js";
import type { Shard } from "../core/shard.js";
import type { StackOutcome } from "../core/stack-outcome.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import { githubDashboard, type DashboardWrite } from "./dashboard-issue.js";
import { githubAuthor } from "./github-author.js";
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "./github-client.js";
import { trackedIssueFrom } from "./issue-body.js";

export interface PublishDashboardInput {
  config: LoadedConfig;
  env: Env;
  /** The shard this process runs as; 0 of 1 when unsharded. */
  shard: Shard;
  /** The last outcome of each stack the shard owns (absent: not checked yet). */
  outcomes: readonly StackOutcome[];
  now: () => Date;
  /** The run's output redactor (default: one for this config). */
  redact?: Redact;
  client?: GitHubClientOptions;
  /** For tests: an existing client. */
  github?: GitHubClient;
}

export type DashboardResult = ({ written: true } & DashboardWrite) | { written: false; error: string };

/** The open tracking issues, by their stack marker ("project/stack"): one listing. */
async function openTrackingIssues(
  client: GitHubClient,
  repository: string,
  label: string,
  author: () => Promise<string>,
): Promise<Map<string, TrackedIssue>> {
  const [owner = "", repo = ""] = repository.split("/");
  const login = (await author()).toLowerCase();
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    labels: label,
    per_page: 100,
  });
  const found = new Map<string, TrackedIssue>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    if (issue.pull_request || issue.user?.login.toLowerCase() !== login) continue;
    const stack = readTrailer(issue.body ?? "")?.stack;
    if (stack && !found.has(stack)) found.set(stack, trackedIssueFrom(issue.number, issue.body ?? "", issue.html_url));
  }
  return found;
}

/** Writes the shard's section when audit.github.dashboard is on; undefined when it is off. */
export async function publishDashboard(input: PublishDashboardInput): Promise<DashboardResult | undefined> {
  const github = input.config.audit.github;
  const settings = github?.dashboard;
  if (!github || !settings) return undefined;
  const redact = input.redact ?? createRedactor(configSecrets(input.config, input.env));
  try {
    const client = input.github ?? createGitHubClient(github, input.env, input.client);
    const author = githubAuthor(client, github, input.env);
    const issues = await openTrackingIssues(client, github.repository, github.labels[0] ?? "drift", author);
    const rows = selectStacks(input.config, { shard: input.shard }).map((stack) => {
      const outcome = input.outcomes.find(
        (o) => o.stack === stack.name && (stack.project === undefined || o.project === stack.project),
      );
      const project = outcome?.project ?? stack.project ?? "";
      return fleetRowOf(
        { project, stack: stack.name },
        outcome,
        issues.get(`${project}/${stack.name}`),
        input.config.severity,
      );
    });
    const dashboard = githubDashboard(client, {
      repository: github.repository,
      title: settings.title,
      label: settings.label,
      author,
      now: input.now,
      staleAfterMs: parseDuration(settings.staleAfter),
    });
    const section = { shard: input.shard, reportedAt: input.now().toISOString(), rows: redactDeep(rows, redact) };
    return { written: true, ...(await dashboard.publish(section)) };
  } catch (err) {
    return { written: false, error: redact(err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err)) };
  }
}

/** One line for the CLI's summary. */
export function dashboardSummary(result: DashboardResult): string {
  if (!result.written) return `dashboard: not written (${result.error})\n`;
  const what = result.writes.length > 0 ? result.writes.join(", ") : "unchanged, nothing written";
  return `dashboard: issue #${result.issue}: ${what}\n`;
}
