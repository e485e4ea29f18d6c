// Who the reconciler is on GitHub: the account that opens its issues and writes its comments.
// Only what that account wrote counts as a tracking issue or a delivered note; an issue or a
// comment with a matching marker written by anyone else is ignored.
import { httpStatusOf } from "../core/network-error.js";
import { ConfigError } from "../core/config-error.js";
import type { GitHubConfig } from "../core/config-schema.js";
import type { Env } from "../core/loaded-config.js";
import type { GitHubClient } from "./github-client.js";

/** The account GitHub Actions' GITHUB_TOKEN acts as. */
export const actionsBotLogin = "github-actions[bot]";

async function tokenUser(client: GitHubClient, env: Env): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    // An installation token may not ask who it is (403); in Actions that token is GITHUB_TOKEN.
    if (httpStatusOf(err) !== 403) throw err;
    if (env["GITHUB_ACTIONS"] === "true") return actionsBotLogin;
    throw new ConfigError(
      "audit.github.author: GitHub does not say whose token this is (GET /user answered 403, as for an " +
        "installation token); set author to the login that opens the issues, e.g. my-app[bot]",
      [],
      { cause: err },
    );
  }
}

/** The login: as configured, the App's bot (`<slug>[bot]`), or the token's user. */
export async function resolveGitHubAuthor(client: GitHubClient, config: GitHubConfig, env: Env): Promise<string> {
  if (config.author) return config.author;
  if (config.app) {
    const { data } = await client.rest.apps.getAuthenticated();
    if (!data?.slug) throw new Error("GitHub did not name the App (GET /app has no slug)");
    return `${data.slug}[bot]`;
  }
  return tokenUser(client, env);
}

/** Asks once, on first use; a failed answer is asked again on the next use. */
export function githubAuthor(client: GitHubClient, config: GitHubConfig, env: Env): () => Promise<string> {
  let known: Promise<string> | undefined;
  return () => {
    known ??= resolveGitHubAuthor(client, config, env).catch((err: unknown) => {
      known = undefined;
      throw err;
    });
    return known;
  };
}
