// HTTP statuses and network failures of a failed request. Network failures as people say them ("connection refused", "host not found"), from the socket,
// DNS and TLS error codes Node and undici put on an error or somewhere down its cause chain. Pure.

const networkCodes: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no answer in time",
  UND_ERR_BODY_TIMEOUT: "no answer in time",
  UND_ERR_SOCKET: "connection closed",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate self-signed",
};

/** The errors on the chain, outermost first (at most six deep). */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let cause = err; chain.length < 6 && cause; cause = (cause as { cause?: unknown }).cause) chain.push(cause);
  return chain;
}

/** The first known network error code on the chain, in words; undefined when there is none. */
export function networkErrorWords(err: unknown): string | undefined {
  for (const cause of causeChain(err)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && networkCodes[code]) return networkCodes[code];
  }
  return undefined;
}

/** The HTTP status an error carries (Octokit's RequestError and the like), if any. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}
