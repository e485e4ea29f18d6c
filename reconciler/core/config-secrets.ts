// The secret values a configuration brings into the process, for the redactor
// (core/redact.ts): every passEnv and healPassEnv value (secrets come from the environment by
// design), every variable with a credential-like name (in a stack's env or healEnv, or in the
// process environment), the GitHub token or App key, each secrets-provider URL (a KMS key or
// Vault path), the issue-signing keys, and each notification sink's URL and signing secret.
import type { Env, LoadedConfig } from "./loaded-config.js";
import { sinkSecretVars } from "./notify-config.js";

const credentialName =
  /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)(KEY|PAT|AUTH)(_|$))/i;

function isCredentialName(name: string): boolean {
  return credentialName.test(name);
}

/**
 * Values of the process environment count by name only from 8 characters on: a short value
 * ("true", "1000") under a credential-like name is a setting, and redacting it everywhere
 * would garble ordinary text.
 */
const minAmbientLength = 8;

export function configSecrets(
  config: Pick<LoadedConfig, "stacks" | "audit"> & Partial<Pick<LoadedConfig, "notify">>,
  env: Env,
): string[] {
  const fromStacks = config.stacks.flatMap((stack) => [
    ...[...stack.passEnv, ...stack.healPassEnv].map(({ from }) => env[from]),
    ...[...Object.entries(stack.env), ...Object.entries(stack.healEnv)]
      .filter(([name]) => isCredentialName(name))
      .map(([, value]) => value),
    stack.secretsProvider && !/^(passphrase|default)$/.test(stack.secretsProvider) ? stack.secretsProvider : undefined,
  ]);
  const github = config.audit.github;
  const githubVars = [
    github?.tokenEnv,
    github?.app?.privateKeyEnv,
    github?.signingKeyEnv,
    github?.signingKeyPreviousEnv,
  ].map((name) => (name ? env[name] : undefined));
  const sinkVars = (config.notify ?? []).flatMap(sinkSecretVars).flatMap((name) => withUrlPath(env[name]));
  const ambient = Object.entries(env)
    .filter(([name, value]) => isCredentialName(name) && (value?.length ?? 0) >= minAmbientLength)
    .map(([, value]) => value);
  return [...fromStacks, ...githubVars, ...sinkVars, ...ambient].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
}

/** A webhook URL is a secret as a whole and by its path (where Slack and Teams keep the key), which may be quoted alone. */
function withUrlPath(value: string | undefined): (string | undefined)[] {
  if (!value || !URL.canParse(value)) return [value];
  const { pathname, search } = new URL(value);
  const path = `${pathname}${search}`;
  return path.length >= minAmbientLength ? [value, path] : [value];
}
