// The webhook signature, as GitHub signs its webhooks: HMAC-SHA256 of the exact body bytes with
// the shared secret, hex, prefixed "sha256=", in X-Drift-Reconciler-Signature-256.
import { createHmac } from "node:crypto";

export const signatureHeader = "x-drift-reconciler-signature-256";

export function signPayload(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}
