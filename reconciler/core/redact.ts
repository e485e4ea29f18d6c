// Keeps credentials out of reports, logs and errors.
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
    url.username = "[redacted]";
    url.password = "";
  }
  for (const key of [...url.searchParams.keys()]) {
    if (sensitiveParam.test(key)) url.searchParams.set(key, "[redacted]");
  }
  const text = url.toString();
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" (file:///state/100%) is not a valid escape: keep the encoded, already redacted form.
    return text;
  }
}

/** A function that replaces each of the given secret strings (4+ characters) by [redacted]. */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
}
