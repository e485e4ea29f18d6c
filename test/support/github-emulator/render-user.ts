// Accounts as GitHub's REST API shows them: the simple user embedded everywhere, the private user
// GET /user answers with, and a collaborator with its permissions on a repository.
import { legacyPermission, REPOSITORY_ROLES } from "./roles.js";
import type { RepositoryRole } from "./types.js";

/** Where rendered objects point: the API under the emulator's URL, web pages beside it. */
export interface RenderContext {
  baseUrl: string;
}

/** Accounts have no history here: every one was created at the same moment. */
const ACCOUNT_CREATED_AT = "2020-01-01T00:00:00Z";

/** A stable id per login (FNV-1a of the lower-cased login), so the same user has the same id everywhere. */
export function userId(login: string): number {
  let hash = 0x811c9dc5;
  for (const char of login.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 2_000_000_000) + 1;
}

export function renderUser(ctx: RenderContext, login: string) {
  const id = userId(login);
  const url = `${ctx.baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: `U_${id.toString(36)}`,
    avatar_url: `${ctx.baseUrl}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${ctx.baseUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    user_view_type: "public",
    site_admin: false,
  };
}

/** GET /user: the authenticated user's own, private view of its account. */
export function renderPrivateUser(ctx: RenderContext, login: string) {
  return {
    ...renderUser(ctx, login),
    user_view_type: "private",
    name: null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: ACCOUNT_CREATED_AT,
    updated_at: ACCOUNT_CREATED_AT,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** A user with its permissions on a repository; no role is "none" (the repository is private). */
export function renderCollaborator(ctx: RenderContext, login: string, role: RepositoryRole | undefined) {
  const rank = role === undefined ? -1 : REPOSITORY_ROLES.indexOf(role);
  const has = (needed: RepositoryRole) => rank >= REPOSITORY_ROLES.indexOf(needed);
  return {
    ...renderUser(ctx, login),
    permissions: {
      admin: has("admin"),
      maintain: has("maintain"),
      push: has("write"),
      triage: has("triage"),
      pull: has("read"),
    },
    role_name: role ?? legacyPermission(role),
  };
}
