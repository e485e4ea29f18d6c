// The secret values a configuration brings into the process, for the redactor
// (core/redact.ts): every passEnv and healPassEnv value (secrets come from the environment by
// design), every variable with a credential-like name (in a stack's env or healEnv, or in the
// process environment),
// the GitHub token or App key, and each secrets-provider URL (a KMS key or Vault path).
import type { Env, LoadedConfig } from "./loaded-config.js";

const credentialName =
  /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)(KEY|PAT|AUTH)(_|$))/i;

export function isCredentialName(name: string): boolean {
  return credentialName.test(name);
}

/**
 * Values of the process environment count by name only from 8 characters on: a short value
 * ("true", "1000") under a credential-like name is a setting, and redacting it everywhere
 * would garble ordinary text.
 */
const minAmbientLength = 8;

export function configSecrets(config: Pick<LoadedConfig, "stacks" | "audit">, env: Env): string[] {
  const fromStacks = config.stacks.flatMap((stack) => [
    ...[...stack.passEnv, ...stack.healPassEnv].map(({ from }) => env[from]),
    ...[...Object.entries(stack.env), ...Object.entries(stack.healEnv)]
      .filter(([name]) => isCredentialName(name))
      .map(([, value]) => value),
    stack.secretsProvider && !/^(passphrase|default)$/.test(stack.secretsProvider) ? stack.secretsProvider : undefined,
  ]);
  const github = config.audit.github;
  const githubVars = [github?.tokenEnv, github?.app?.privateKeyEnv].map((name) => (name ? env[name] : undefined));
  const ambient = Object.entries(env)
    .filter(([name, value]) => isCredentialName(name) && (value?.length ?? 0) >= minAmbientLength)
    .map(([, value]) => value);
  return [...fromStacks, ...githubVars, ...ambient].filter((v): v is string => typeof v === "string" && v !== "");
}
