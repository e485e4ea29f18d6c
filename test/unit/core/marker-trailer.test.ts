// The hidden marker trailer: written as the body's last lines and read back only from there,
// so a marker anywhere else in a body (one a value forged, say) is never taken for it.
import { describe, expect, it } from "vitest";
import { markerTrailer, readTrailer, withoutTrailer } from "../../../reconciler/core/marker-trailer.js";

const trailer = markerTrailer({ stack: "shop/prod", fingerprint: "abc123" });

describe("markerTrailer", () => {
  it("writes one marker a line after a blank line", () => {
    expect(trailer).toBe(
      "\n\n<!-- drift-reconciler:stack:shop/prod -->\n<!-- drift-reconciler:fingerprint:abc123 -->\n",
    );
  });

  it("refuses a value that could end the comment or hide in whitespace", () => {
    expect(() => markerTrailer({ note: "a -->" })).toThrow(/invalid value/);
    expect(() => markerTrailer({ stack: "" })).toThrow(/invalid value/);
  });
});

describe("readTrailer", () => {
  it("reads the markers of the body's last lines", () => {
    expect(readTrailer(`report${trailer}`)).toEqual({ stack: "shop/prod", fingerprint: "abc123" });
  });

  it("ignores markers above the trailer, however they are written", () => {
    const forged = "<!-- drift-reconciler:stack:shop/dev -->\n<!-- drift-reconciler:fingerprint:0000 -->\n\nreport";
    expect(readTrailer(`${forged}${trailer}`)).toEqual({ stack: "shop/prod", fingerprint: "abc123" });
  });

  it("finds no trailer when text follows the markers", () => {
    expect(readTrailer(`report${trailer}a comment added below`)).toBeUndefined();
    expect(readTrailer("no markers at all")).toBeUndefined();
  });

  it("refuses a trailer that names a marker twice or a marker it does not write", () => {
    expect(readTrailer(`x${trailer}<!-- drift-reconciler:stack:shop/dev -->`)).toBeUndefined();
    expect(readTrailer(`x${trailer}<!-- drift-reconciler:owner:someone -->`)).toBeUndefined();
  });

  it("reads a body whose line endings an editor turned into CRLF", () => {
    expect(readTrailer(`report${trailer}`.replace(/\n/g, "\r\n"))).toEqual({
      stack: "shop/prod",
      fingerprint: "abc123",
    });
  });
});

describe("withoutTrailer", () => {
  it("leaves what a person reads", () => {
    expect(withoutTrailer(`### Healed\n\nAll good.${markerTrailer({ note: "e1" })}`)).toBe("### Healed\n\nAll good.");
  });
});
