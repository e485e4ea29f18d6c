// Signed bodies: only the key's holder can write one that verifies; any change to the visible
// text or to the trailer's markers, a missing signature or another key fails.
import { describe, expect, it } from "vitest";
import { readTrailer, withoutTrailer } from "../../../reconciler/core/marker-trailer.js";
import { signBody, verifyBody } from "../../../reconciler/core/signed-body.js";

const key = "k".repeat(32);
const other = "o".repeat(32);
const body =
  "### Healed\n\nThe drift is gone.\n\n<!-- drift-reconciler:note:e1-healed -->\n<!-- drift-reconciler:since:2024-06-12T12:00:00.000Z -->\n";

describe("signed bodies", () => {
  it("verify under the key they were signed with, and keep their trailer readable", () => {
    const signed = signBody(body, key);
    expect(verifyBody(signed, [key])).toBe(true);
    expect(readTrailer(signed)).toMatchObject({ note: "e1-healed", since: "2024-06-12T12:00:00.000Z" });
    expect(readTrailer(signed)?.sig).toMatch(/^v1\.[0-9a-f]{64}$/);
    expect(withoutTrailer(signed)).toBe("### Healed\n\nThe drift is gone.");
  });

  it("fail when any one byte changes, in the text or in the trailer", () => {
    const signed = signBody(body, key);
    const positions = [
      0,
      signed.indexOf("gone"),
      signed.indexOf("e1-healed"),
      signed.indexOf("2024"),
      signed.indexOf("v1.") + 5,
    ];
    for (const at of positions) {
      const changed = signed.slice(0, at) + (signed[at] === "x" ? "y" : "x") + signed.slice(at + 1);
      expect(verifyBody(changed, [key]), `byte ${at}`).toBe(false);
    }
  });

  it("fail without a signature, with one under another key, or with a line added after it", () => {
    expect(verifyBody(body, [key])).toBe(false);
    expect(verifyBody(signBody(body, other), [key])).toBe(false);
    expect(verifyBody(`${signBody(body, key)}<!-- drift-reconciler:command:x -->\n`, [key])).toBe(false);
    expect(verifyBody(signBody(body, key), [])).toBe(false);
    expect(verifyBody(signBody(body, key), [""])).toBe(false);
  });

  it("refuse a signed body signed again (a signature above the last line)", () => {
    expect(verifyBody(signBody(signBody(body, key), key), [key])).toBe(false);
  });

  it("verify under a previous key, and survive line endings changed to CRLF", () => {
    const signed = signBody(body, other);
    expect(verifyBody(signed, [key, other])).toBe(true);
    expect(verifyBody(signed.replace(/\n/g, "\r\n"), [other])).toBe(true);
  });
});
