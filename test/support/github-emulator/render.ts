// Stored records → the JSON GitHub's REST API returns for them (the fields its OpenAPI description
// documents; test/unit/support/github-emulator-openapi.test.ts checks every answer against it).
import { REACTION_CONTENTS } from "./input.js";
import { renderUser, type RenderContext } from "./render-user.js";
import type { RoleBook } from "./roles.js";
import type { StoredComment, StoredIssue, StoredLabel, StoredReaction, StoredRepo } from "./store.js";

export type { RenderContext } from "./render-user.js";

/** What rendering needs besides the URL: who is a collaborator, for `author_association`. */
export interface RepoRenderContext extends RenderContext {
  roles: Pick<RoleBook, "shownAsCollaborator">;
}

/** GitHub's timestamps have second precision: "2024-06-12T12:00:00Z". */
export function githubTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function repoApiUrl(ctx: RenderContext, repo: StoredRepo): string {
  return `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}`;
}

function repoHtmlUrl(ctx: RenderContext, repo: StoredRepo): string {
  return `${ctx.baseUrl}/${repo.owner}/${repo.name}`;
}

/**
 * OWNER for the repository's owner, COLLABORATOR for a login with a role on it, else NONE: also for
 * a role held through a team of an organisation whose membership is private, as GitHub does.
 */
function authorAssociation(ctx: RepoRenderContext, repo: StoredRepo, login: string) {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  return ctx.roles.shownAsCollaborator(repo.owner, repo.name, login) ? "COLLABORATOR" : "NONE";
}

/** GitHub's per-content counts beside an issue or comment. */
function reactionRollup(url: string, reactions: readonly StoredReaction[]) {
  const counts = Object.fromEntries(
    REACTION_CONTENTS.map((content) => [content, reactions.filter((r) => r.content === content).length]),
  );
  return { url, total_count: reactions.length, ...counts };
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

export function renderIssue(ctx: RepoRenderContext, repo: StoredRepo, issue: StoredIssue) {
  const url = `${repoApiUrl(ctx, repo)}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url,
    repository_url: repoApiUrl(ctx, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    timeline_url: `${url}/timeline`,
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
    closed_by: issue.closedBy ? renderUser(ctx, issue.closedBy) : null,
    author_association: authorAssociation(ctx, repo, issue.author),
    reactions: reactionRollup(`${url}/reactions`, []),
    performed_via_github_app: null,
  };
}

export function renderComment(ctx: RepoRenderContext, repo: StoredRepo, comment: StoredComment) {
  const url = `${repoApiUrl(ctx, repo)}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url,
    html_url: `${repoHtmlUrl(ctx, repo)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApiUrl(ctx, repo)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser(ctx, comment.author),
    created_at: githubTimestamp(comment.createdAt),
    updated_at: githubTimestamp(comment.updatedAt),
    author_association: authorAssociation(ctx, repo, comment.author),
    reactions: reactionRollup(`${url}/reactions`, comment.reactions),
    performed_via_github_app: null,
  };
}

export function renderReaction(ctx: RenderContext, reaction: StoredReaction) {
  return {
    id: reaction.id,
    node_id: `REA_${reaction.id}`,
    user: renderUser(ctx, reaction.user),
    content: reaction.content,
    created_at: githubTimestamp(reaction.createdAt),
  };
}
