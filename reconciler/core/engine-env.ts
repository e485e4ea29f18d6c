// The environment of one engine process (and of every plugin it starts): an allow-list. The
// stack's own variables (env and passEnv), plus what the engine needs to run whatever the
// stack: where programs and files are, the way out through a proxy, the certificates to
// trust, the locale, and the Pulumi settings that hold no credential. Nothing else of the
// reconciler's environment: not its GitHub token or App key, not another stack's secrets.
import type { Env } from "./loaded-config.js";

const engineNames = new Set([
  // Programs, files, the user
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "TMPDIR",
  "TMP",
  "TEMP",
  "XDG_CONFIG_HOME",
  "XDG_CACHE_HOME",
  "XDG_DATA_HOME",
  // Proxies and certificate authorities
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "REQUESTS_CA_BUNDLE",
  "CURL_CA_BUNDLE",
  // Locale and time zone
  "LANG",
  "LANGUAGE",
  "TZ",
  // Pulumi settings without credentials (PULUMI_ACCESS_TOKEN and the passphrase come per stack)
  "PULUMI_HOME",
  "PULUMI_SKIP_UPDATE_CHECK",
  "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
  "PULUMI_IGNORE_AMBIENT_PLUGINS",
  "PULUMI_EXPERIMENTAL",
  "PULUMI_SKIP_CHECKPOINTS",
  "PULUMI_RETAIN_CHECKPOINTS",
]);

/** LC_ALL, LC_CTYPE, …; the file-backend switches (gzip, layout), which hold no credential. */
const enginePatterns = [/^LC_[A-Z]+$/, /^PULUMI_(DIY_BACKEND|SELF_MANAGED_STATE)_[A-Z_]+$/];

/** Whether the engine gets this variable of the reconciler's environment whatever the stack. */
export function isEngineSetting(name: string): boolean {
  return engineNames.has(name) || enginePatterns.some((pattern) => pattern.test(name));
}

/**
 * Only the engine settings of `ambient` (programs, proxies, certificates, locale, Pulumi
 * settings): the whole environment of a process that needs nothing of any stack, such as
 * `pulumi version`, started without inheriting anything else.
 */
export function engineSettings(ambient: Env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ambient)) {
    if (value !== undefined && isEngineSetting(name)) env[name] = value;
  }
  return env;
}

/**
 * The engine's environment variables for one stack: `own` (core/stack-env.ts) on top of the
 * engine settings of `ambient`, and every other variable of `ambient` set to "".
 * The empty values are the point: the Automation API starts the CLI with the process
 * environment merged under the variables it is given (execa's extendEnv), so a variable
 * left out would still arrive; given as "", it arrives empty. `ambient` must therefore hold
 * the whole process environment (engine/run-stacks.ts adds what the process inherits,
 * engine/inherited-env.ts, to whatever the caller handed down): a variable missing from it
 * is not cleared.
 */
export function engineEnv(own: Readonly<Record<string, string>>, ambient: Env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ambient)) {
    if (value !== undefined) env[name] = isEngineSetting(name) ? value : "";
  }
  return { ...env, ...own };
}
