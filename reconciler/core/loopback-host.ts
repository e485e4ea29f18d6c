// Whether a host name stays on this machine: where plain http:// is allowed (test servers).

/** localhost, 127.0.0.0/8 or ::1: a connection that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
