// Keeps credentials out of everything that leaves the process: reports, Markdown, logs, the
// status page, issue bodies and comments, the audit journal, notifications. One redactor per run
// (createRedactor, built where the run starts and passed down) removes the known secret values
// (core/config-secrets.ts) as written, JSON-escaped, percent-encoded and in base64, any URL's
// user:password and credential-like query parameters, and secrets recognisable by their shape
// (core/secret-shapes.ts); redactDeep applies it to every string of a value. Text is always
// redacted before it is cut (excerpt): a secret straddling a cut would otherwise leave its
// prefix behind. Every pattern is linear and the input is capped, so a huge text costs little.
import { clip } from "./inert-markdown.js";
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

/** Standard base64 of the bytes (web APIs: core/ imports nothing from node but crypto, util and path). */
function base64Of(bytes: readonly number[]): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Base64 forms shorter than this are left alone: they would match ordinary text. */
const minEncodedLength = 8;

/**
 * The characters of base64 that depend on `value` alone, for each of the three positions it can
 * start at inside a longer encoded text (a token inside a Basic auth header, a JSON document in
 * a Kubernetes Secret): standard and URL-safe alphabets.
 */
function base64Forms(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  return [0, 1, 2].flatMap((offset) => {
    const encoded = base64Of([...new Uint8Array(offset), ...bytes]);
    const from = Math.ceil((offset * 8) / 6);
    const to = Math.floor(((offset + bytes.length) * 8) / 6);
    const inner = encoded.slice(from, to);
    return inner.length >= minEncodedLength ? [inner, inner.replace(/\+/g, "-").replace(/\//g, "_")] : [];
  });
}

/** How a secret value shows up in text: as itself, JSON-escaped, percent-encoded (both ways), in base64. */
export function secretForms(value: string): string[] {
  const forms = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
  forms.push(encodeURIComponent(value).replace(/%20/g, "+"));
  return value.length >= minEncodedLength ? [...forms, ...base64Forms(value)] : forms;
}

/** A function that replaces each of the given secret strings (4+ characters), in all their forms, by [redacted]. */
export function redactor(secrets: Iterable<string>): Redact {
  const forms = [...secrets].flatMap(secretForms);
  const values = [...new Set(forms)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((acc, secret) => (acc.includes(secret) ? acc.split(secret).join(mask) : acc), text);
}

/** The longest text redacted whole; the rest is dropped, saying how much. */
export const redactedInputCap = 1_000_000;
/** How far back from the cap a line break is looked for. */
const capMargin = 8192;

/**
 * Where a text over the cap is cut before it is redacted: at a line break near the cap, else
 * before the word the cap falls in, so no secret is cut in two and left half unrecognised
 * (a PEM block cut after its BEGIN line is still redacted to its end).
 */
function capPoint(text: string): number {
  const line = text.lastIndexOf("\n", redactedInputCap);
  if (line >= redactedInputCap - capMargin) return line;
  let cut = redactedInputCap;
  while (cut > 0 && !/\s/.test(text.charAt(cut - 1)) && !/\s/.test(text.charAt(cut))) cut -= 1;
  return cut;
}

function capped(redact: Redact): Redact {
  return (text) => {
    if (text.length <= redactedInputCap) return redact(text);
    const cut = capPoint(text);
    return `${redact(text.slice(0, cut))} [${text.length - cut} more characters not shown]`;
  };
}

/** The one redactor for output: the given secret values, then URL credentials, then secret shapes; input capped. */
export function createRedactor(secrets: Iterable<string> = []): Redact {
  const known = redactor(secrets);
  return capped((text) => redactSecretShapes(redactUrlCredentials(known(text))));
}

/** `redact`, then also these values (a stack's own environment, for its engine's errors). */
export function redactingAlso(redact: Redact, values: Iterable<string>): Redact {
  const known = redactor(values);
  return (text) => redact(known(text));
}

/**
 * Text cut to `max` characters for a message, a cell or an answer, redacted before it is cut:
 * every producer that shortens text which may leave the process goes through here.
 */
export function excerpt(text: string, max: number, redact: Redact): string {
  return clip(redact(text), max);
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
