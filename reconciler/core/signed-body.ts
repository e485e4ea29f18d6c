// Bodies only the key's holder can write: the last line of the trailer is an HMAC-SHA256 of
// everything above it (the visible text and the trailer's other markers), line endings
// normalised. A changed byte anywhere, a missing or second signature, or a signature under
// another key fails. Pure.
import { createHmac, timingSafeEqual } from "node:crypto";

const sigLine = /^<!-- drift-reconciler:sig:v1\.([0-9a-f]{64}) -->$/;

/** The body's lines, line endings normalised, without trailing blank lines. */
function linesOf(body: string): string[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && (lines.at(-1) ?? "").trim() === "") lines.pop();
  return lines;
}

function macOf(key: string, content: string): Buffer {
  return createHmac("sha256", key).update(content, "utf8").digest();
}

/** The body with its signature as the trailer's last marker. */
export function signBody(body: string, key: string): string {
  const content = linesOf(body).join("\n");
  return `${content}\n<!-- drift-reconciler:sig:v1.${macOf(key, content).toString("hex")} -->\n`;
}

/** Whether the body's last line signs everything above it under one of the keys. */
export function verifyBody(body: string, keys: readonly string[]): boolean {
  const lines = linesOf(body);
  const [, hex] = sigLine.exec(lines.at(-1) ?? "") ?? [];
  if (!hex) return false;
  const content = lines.slice(0, -1).join("\n");
  // A signature line above the last one would be signed content that looks like a signature.
  if (lines.slice(0, -1).some((line) => line.startsWith("<!-- drift-reconciler:sig:"))) return false;
  const given = Buffer.from(hex, "hex");
  return keys.some((key) => key !== "" && timingSafeEqual(macOf(key, content), given));
}
