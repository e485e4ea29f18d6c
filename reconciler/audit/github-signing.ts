// Whether the reconciler signs its issues and comments, and with which keys. A token that is a
// shared identity (GitHub Actions' GITHUB_TOKEN acts as github-actions[bot] for every workflow
// of the repository; a configured author may be shared the same way) cannot tell the
// reconciler's writes from another workflow's, so then every body it writes is signed
// (core/signed-body.ts) and only bodies that verify count as its own.
import { ConfigError } from "../core/config-error.js";
import type { GitHubConfig } from "../core/config-schema.js";
import type { Env } from "../core/loaded-config.js";
import { signBody, verifyBody } from "../core/signed-body.js";
import { actionsBotLogin } from "./github-author.js";

export interface BodySigner {
  sign(body: string): string;
  /** Signed under the current key or the previous one. */
  verify(body: string): boolean;
}

const minKeyLength = 32;

function keyFrom(env: Env, field: string, name: string): string {
  const key = env[name] ?? "";
  if (key.length < minKeyLength) {
    throw new ConfigError(
      `audit.github.${field}: variable ${name} ${key === "" ? "is not set" : "is too short"}; ` +
        `set it to a random key of ${minKeyLength} characters or more (e.g. from openssl rand -hex 32), from a secret`,
    );
  }
  return key;
}

/** The keys, read now: a named variable that is unset or too short is a ConfigError. */
function keysFrom(config: GitHubConfig, env: Env): string[] | undefined {
  if (!config.signingKeyEnv) return undefined;
  const current = keyFrom(env, "signingKeyEnv", config.signingKeyEnv);
  const previous = config.signingKeyPreviousEnv
    ? keyFrom(env, "signingKeyPreviousEnv", config.signingKeyPreviousEnv)
    : undefined;
  return previous ? [current, previous] : [current];
}

function requiredError(why: string): ConfigError {
  return new ConfigError(
    `audit.github.signingKeyEnv: required because ${why}, an identity other workflows of the repository ` +
      `share; name the variable holding the reconciler's signing key (a repository secret)`,
  );
}

/**
 * The signer, or undefined when signing is off. Keys are checked at once; whether a key is
 * required is known once the author is (a GITHUB_TOKEN resolves to github-actions[bot]).
 */
export function githubSigning(
  config: GitHubConfig,
  env: Env,
  author: () => Promise<string>,
): () => Promise<BodySigner | undefined> {
  const keys = keysFrom(config, env);
  if (!keys && config.author) throw requiredError(`audit.github.author is set (${config.author})`);
  const signer: BodySigner | undefined = keys
    ? { sign: (body) => signBody(body, keys[0] ?? ""), verify: (body) => verifyBody(body, keys) }
    : undefined;
  return async () => {
    if (signer) return signer;
    const login = await author();
    if (login.toLowerCase() === actionsBotLogin) throw requiredError(`the token acts as ${actionsBotLogin}`);
    return undefined;
  };
}
