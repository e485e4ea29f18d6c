// Network failures in words, from a code anywhere on the cause chain; HTTP statuses from errors.
import { describe, expect, it } from "vitest";
import { causeChain, httpStatusOf, networkErrorWords } from "../../../reconciler/core/network-error.js";

const withCode = (code: string) => Object.assign(new Error("socket"), { code });

describe("networkErrorWords", () => {
  it("finds the code on the error or down its cause chain", () => {
    expect(networkErrorWords(withCode("ECONNREFUSED"))).toBe("connection refused");
    const wrapped = new TypeError("fetch failed", { cause: new Error("x", { cause: withCode("ENOTFOUND") }) });
    expect(networkErrorWords(wrapped)).toBe("host not found");
  });

  it("says nothing for an unknown code, or a chain deeper than six", () => {
    expect(networkErrorWords(withCode("EWHATEVER"))).toBeUndefined();
    let deep: Error = withCode("ECONNRESET");
    for (let i = 0; i < 6; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(causeChain(deep)).toHaveLength(6);
    expect(networkErrorWords(deep)).toBeUndefined();
  });
});

describe("httpStatusOf", () => {
  it("reads a numeric status and nothing else", () => {
    expect(httpStatusOf(Object.assign(new Error("x"), { status: 403 }))).toBe(403);
    expect(httpStatusOf(Object.assign(new Error("x"), { status: "403" }))).toBeUndefined();
    expect(httpStatusOf(null)).toBeUndefined();
  });
});
