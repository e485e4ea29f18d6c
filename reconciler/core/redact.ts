// Keeps credentials out of everything that leaves the process: reports, Markdown, logs, the
// status page, issue bodies and comments, the audit journal. One redactor (createRedactor)
// removes the known secret values (core/config-secrets.ts), any URL's user:password and
// credential-like query parameters, and secrets recognisable by their shape
// (core/secret-shapes.ts); redactDeep applies it to every string of a value.
import { redactSecretShapes } from "./secret-shapes.js";

export type Redact = (text: string) => string;

const mask = "[redacted]";
const sensitiveParam = /(key|secret|token|password|passwd|sig|signature|credential|session)/i;

/** A backend URL with any user:password and credential-like query parameters removed. */
export function redactBackendUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^@/]*@/, "//[redacted]@");
  }
  if (url.username || url.password) {
    url.username = mask;
    url.password = "";
  }
  for (const key of [...url.searchParams.keys()]) {
    if (sensitiveParam.test(key)) url.searchParams.set(key, mask);
  }
  const text = url.toString();
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" (file:///state/100%) is not a valid escape: keep the encoded, already redacted form.
    return text;
  }
}

const urlUserInfo = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/@"'<>`]+@/gi;
const credentialParam =
  /([?&;][\w.-]{0,40}(?:key|secret|token|password|passwd|sig|signature|credential|session)[\w.-]{0,40}=)[^&\s#"'<>`]+/gi;

/** Any URL in the text loses its user:password and the values of credential-like query parameters. */
export function redactUrlCredentials(text: string): string {
  return text.replace(urlUserInfo, `$1${mask}@`).replace(credentialParam, `$1${mask}`);
}

/** A function that replaces each of the given secret strings (4+ characters) by [redacted]. */
export function redactor(secrets: Iterable<string>): Redact {
  const forms = [...secrets].flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  const values = [...new Set(forms)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((acc, secret) => acc.split(secret).join(mask), text);
}

/** The one redactor for output: the given secret values, then URL credentials, then secret shapes. */
export function createRedactor(secrets: Iterable<string> = []): Redact {
  const known = redactor(secrets);
  return (text) => redactSecretShapes(redactUrlCredentials(known(text)));
}

/** The value with `redact` applied to every string in it (plain objects and arrays; keys stay). */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}
