// The checks the HTTP endpoints make before they answer, as plain functions of the request's
// headers: the Host header against an allow-list (DNS rebinding), the Origin of a POST, its
// content type (no forms), and bearer or basic credentials compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** Sent with every response. The status page needs its inline style and nothing else. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const authority = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::\d{1,5})?$/;

/** The host name of a Host header, lower case, without port or IPv6 brackets; undefined when malformed. */
export function hostnameOf(host: string | undefined): string | undefined {
  const match = authority.exec((host ?? "").trim());
  return (match?.[1] ?? match?.[2])?.toLowerCase();
}

/**
 * Whether a request for this host name may be answered: an IP address (a DNS-rebinding page
 * always names its own domain, so an address is never one), localhost, or a name configured.
 */
export function hostAllowed(hostname: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (hostname === undefined || hostname === "") return false;
  return isIP(hostname) !== 0 || hostname === "localhost" || allowed.has(hostname);
}

/** The names a Host header may carry besides addresses and localhost: the listening host and the configured ones. */
export function allowedHostNames(listenHost: string, extra: readonly string[]): Set<string> {
  return new Set([listenHost, ...extra].map((h) => h.toLowerCase()));
}

/** No Origin (curl, Prometheus, a script), or one whose host may be answered. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  try {
    return hostAllowed(new URL(origin).hostname.replace(/^\[|\]$/g, "").toLowerCase(), allowed);
  } catch {
    return false;
  }
}

/**
 * A POST /run carries no body, or JSON. Forms and plain text (what a page can send cross-site
 * without asking first) and anything else are refused.
 */
export function acceptedBodyType(contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "" || type === "application/json";
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `Authorization: Bearer <token>`, or with `basic`, any user name and the token as the password. */
export function credentialsMatch(authorization: string | undefined, token: string, basic: boolean): boolean {
  const [scheme = "", value = ""] = (authorization ?? "").trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === "bearer") return sameSecret(value, token);
  if (basic && scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return sameSecret(decoded.slice(decoded.indexOf(":") + 1), token);
  }
  return false;
}
