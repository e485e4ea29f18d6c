// Checks an AWS Signature Version 4 on a request the way AWS does: the credential scope (key,
// date, region, service), then the signature recomputed from the canonical request with the
// key's secret. Written from AWS's published signing steps; no SDK code is used, so the SDK's
// signer is checked against the specification, not against itself.
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

export interface SigV4Expectation {
  keys: Readonly<Record<string, string>>;
  region: string;
  service: string;
}

/** Undefined when the signature is valid; otherwise what is wrong with it. */
export function sigV4Problem(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  expect: SigV4Expectation,
): string | undefined {
  const auth = String(request.headers["authorization"] ?? "");
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return "no AWS4-HMAC-SHA256 Authorization header";
  const [, keyId = "", date = "", region, service, signedHeaders = "", signature] = match;
  const secret = expect.keys[keyId];
  if (!secret) return `unknown access key ${keyId}`;
  if (region !== expect.region || service !== expect.service)
    return `scope ${region}/${service} is not ${expect.region}/${expect.service}`;
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date)) return "x-amz-date does not match the credential scope's date";
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const canonicalHeaders = names
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const [path = "/", query = ""] = request.path.split("?");
  const canonicalQuery = query.split("&").filter(Boolean).sort().join("&");
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    hex(request.body),
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region ?? ""), service ?? ""), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return expected === signature ? undefined : "signature does not match";
}
