// Stored records → the JSON GitHub's REST API returns for them (the fields Octokit's types name).
import type { StoredComment, StoredIssue, StoredLabel, StoredRepo } from "./store.js";

/** GitHub's timestamps have second precision: "2024-06-12T12:00:00Z". */
export function githubTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Where rendered objects point: the API under the emulator's URL, web pages beside it. */
export interface RenderContext {
  baseUrl: string;
}

function repoApiUrl(ctx: RenderContext, repo: StoredRepo): string {
  return `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}`;
}

function repoHtmlUrl(ctx: RenderContext, repo: StoredRepo): string {
  return `${ctx.baseUrl}/${repo.owner}/${repo.name}`;
}

export function renderUser(ctx: RenderContext, login: string) {
  return {
    login,
    id: 1,
    node_id: "U_emulated",
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
    url: `${ctx.baseUrl}/users/${login}`,
    html_url: `${ctx.baseUrl}/${login}`,
  };
}

export function renderLabel(ctx: RenderContext, repo: StoredRepo, label: StoredLabel) {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${repoApiUrl(ctx, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** Issue labels in the order they were applied (the store keeps the repository's spelling). */
export function renderIssueLabels(ctx: RenderContext, repo: StoredRepo, issue: StoredIssue) {
  return issue.labelNames.flatMap((name) => {
    const label = repo.labels.find((l) => l.name === name);
    return label ? [renderLabel(ctx, repo, label)] : [];
  });
}

export function renderIssue(ctx: RenderContext, repo: StoredRepo, issue: StoredIssue) {
  const url = `${repoApiUrl(ctx, repo)}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url,
    repository_url: repoApiUrl(ctx, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoHtmlUrl(ctx, repo)}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderUser(ctx, issue.author),
    labels: renderIssueLabels(ctx, repo, issue),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    created_at: githubTimestamp(issue.createdAt),
    updated_at: githubTimestamp(issue.updatedAt),
    closed_at: issue.closedAt ? githubTimestamp(issue.closedAt) : null,
    author_association: "OWNER",
  };
}

export function renderComment(ctx: RenderContext, repo: StoredRepo, comment: StoredComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${repoApiUrl(ctx, repo)}/issues/comments/${comment.id}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApiUrl(ctx, repo)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser(ctx, comment.author),
    created_at: githubTimestamp(comment.createdAt),
    updated_at: githubTimestamp(comment.updatedAt),
    author_association: "OWNER",
  };
}
