// Who may do what on a repository: each login's role (admin, maintain, write, triage, read), set by
// the `collaborators` option or the handle's `setRole`, and whether GitHub shows the login as a
// collaborator (not when the role comes from a team of an organisation whose membership is private).
// Owner, repository and login are case-insensitive, as on GitHub.
import type { RepositoryRole } from "./types.js";

export const REPOSITORY_ROLES: readonly RepositoryRole[] = ["read", "triage", "write", "maintain", "admin"];

/** The legacy base permission GitHub reports beside the role: maintain → write, triage → read. */
export function legacyPermission(role: RepositoryRole | undefined): "admin" | "write" | "read" | "none" {
  if (role === undefined) return "none";
  if (role === "maintain") return "write";
  if (role === "triage") return "read";
  return role;
}

/** True when `role` includes pushing (write, maintain, admin). */
export function canPush(role: RepositoryRole): boolean {
  return REPOSITORY_ROLES.indexOf(role) >= REPOSITORY_ROLES.indexOf("write");
}

export function checkRole(role: unknown, where: string): RepositoryRole {
  if (REPOSITORY_ROLES.includes(role as RepositoryRole)) return role as RepositoryRole;
  throw new Error(`${where} must be one of ${REPOSITORY_ROLES.join(", ")}, got ${JSON.stringify(role)}`);
}

/** How a login holds its role: through a team whose organisation membership is private, or not. */
export interface RoleGrant {
  viaPrivateTeam?: boolean;
}

interface RoleEntry {
  login: string;
  role: RepositoryRole;
  viaPrivateTeam: boolean;
}

export interface RoleBook {
  role(owner: string, repo: string, login: string): RepositoryRole | undefined;
  /** Whether GitHub's author_association names the login a collaborator: a role not held via a private team. */
  shownAsCollaborator(owner: string, repo: string, login: string): boolean;
  /** A null role removes the login from the repository's collaborators. */
  set(owner: string, repo: string, login: string, role: RepositoryRole | null, grant?: RoleGrant): void;
  /** The repository's collaborators and their roles, in the order they were given one. */
  collaborators(owner: string, repo: string): Array<{ login: string; role: RepositoryRole }>;
  /** True when the login has a role on any repository. */
  knows(login: string): boolean;
  /** Back to the roles the options gave. */
  reset(): void;
}

type Collaborators = Record<string, Record<string, RepositoryRole>>;

const repoKey = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();

/** `initial` maps "owner/repo" to { login: role }; a malformed key or role throws, naming it. */
export function createRoleBook(initial: Collaborators = {}): RoleBook {
  for (const [key, logins] of Object.entries(initial)) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(key)) throw new Error(`collaborators key must be "owner/repo", got "${key}"`);
    for (const [login, role] of Object.entries(logins)) checkRole(role, `collaborators["${key}"]["${login}"]`);
  }
  // repository key → lower-cased login → the login as given, its role and how it holds it
  let book = new Map<string, Map<string, RoleEntry>>();
  const set = (key: string, login: string, role: RepositoryRole | null, grant: RoleGrant = {}) => {
    const entries = book.get(key) ?? new Map<string, RoleEntry>();
    if (role === null) entries.delete(login.toLowerCase());
    else {
      const checked = checkRole(role, `the role of ${login}`);
      entries.set(login.toLowerCase(), { login, role: checked, viaPrivateTeam: grant.viaPrivateTeam === true });
    }
    book.set(key, entries);
  };
  const load = () => {
    book = new Map();
    for (const [key, logins] of Object.entries(initial)) {
      for (const [login, role] of Object.entries(logins)) set(key.toLowerCase(), login, role);
    }
  };
  load();
  const entry = (owner: string, repo: string, login: string) =>
    book.get(repoKey(owner, repo))?.get(login.toLowerCase());
  return {
    role: (owner, repo, login) => entry(owner, repo, login)?.role,
    shownAsCollaborator: (owner, repo, login) => {
      const found = entry(owner, repo, login);
      return found !== undefined && !found.viaPrivateTeam;
    },
    set: (owner, repo, login, role, grant) => set(repoKey(owner, repo), login, role, grant),
    collaborators: (owner, repo) =>
      [...(book.get(repoKey(owner, repo))?.values() ?? [])].map(({ login, role }) => ({ login, role })),
    knows: (login) => [...book.values()].some((entries) => entries.has(login.toLowerCase())),
    reset: load,
  };
}
