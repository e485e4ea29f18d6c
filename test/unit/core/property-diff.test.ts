// diffProperties, maskSecrets, secretPaths: leaf-by-leaf differences between a resource's last
// deployed state (before) and the cloud or the code (after), with the engine's secret signature objects turned into "[secret]" wherever they sit.
import { describe, expect, it } from "vitest";
import { diffProperties, maskSecrets, secretPaths } from "../../../reconciler/core/property-diff.js";

/** How the engine shows a secret in its events: a signature object, never the value. */
const secret = (ciphertext = "[secret]") => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext,
});

describe("diffProperties", () => {
  it("finds nothing when both sides are equal", () => {
    const state = { name: "web", tags: { Environment: "prod" }, ports: [80, 443] };
    expect(diffProperties(state, structuredClone(state))).toEqual([]);
  });

  it("reports a changed leaf of a nested object by its dotted path", () => {
    const before = { tags: { Environment: "prod", Owner: "alice" } };
    const after = { tags: { Environment: "prod", Owner: "platform" } };
    expect(diffProperties(before, after)).toEqual([{ path: "tags.Owner", before: "alice", after: "platform" }]);
  });

  it("reports a key only the before side has without an after side, and the reverse", () => {
    const diffs = diffProperties({ tags: { Added: "x" } }, { tags: { Removed: "y" } });
    expect(diffs).toHaveLength(2);
    expect(diffs).toContainEqual({ path: "tags.Added", before: "x" });
    expect(diffs).toContainEqual({ path: "tags.Removed", after: "y" });
  });

  it("reports each extra element of a longer array by index, the whole element when it is missing on the other side", () => {
    const rule = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };
    const http = { protocol: "tcp", fromPort: 80, toPort: 80 };
    expect(diffProperties({ ingress: [http, rule] }, { ingress: [http] })).toEqual([
      { path: "ingress[1]", before: rule },
    ]);
    expect(diffProperties({ subnets: ["a"] }, { subnets: ["a", "b", "c"] })).toEqual([
      { path: "subnets[1]", after: "b" },
      { path: "subnets[2]", after: "c" },
    ]);
  });

  it("descends into objects inside arrays", () => {
    const diffs = diffProperties(
      { ingress: [{ fromPort: 8080, toPort: 8080 }] },
      { ingress: [{ fromPort: 9090, toPort: 8080 }] },
    );
    expect(diffs).toEqual([{ path: "ingress[0].fromPort", before: 8080, after: 9090 }]);
  });

  it("quotes a key that is not an identifier, so the path stays readable", () => {
    expect(diffProperties({ tags: { "kubernetes.io/role": "a" } }, { tags: { "kubernetes.io/role": "b" } })).toEqual([
      { path: 'tags."kubernetes.io/role"', before: "a", after: "b" },
    ]);
  });

  it("reports a value whose type differs as one leaf, not element by element", () => {
    expect(diffProperties({ ports: "80" }, { ports: [80] })).toEqual([{ path: "ports", before: "80", after: [80] }]);
  });

  it("treats a missing side as an empty object", () => {
    expect(diffProperties(undefined, { name: "web" })).toEqual([{ path: "name", after: "web" }]);
  });

  it("never shows a secret's ciphertext, even when the two sides differ", () => {
    const diffs = diffProperties({ password: secret("v1-cipher") }, { password: secret("v2-cipher") }, true);
    expect(diffs).toEqual([{ path: "password", before: "[secret]", after: "[secret]" }]);
    expect(JSON.stringify(diffs)).not.toContain("v1-cipher");
    expect(JSON.stringify(diffs)).not.toContain("v2-cipher");
  });

  it("reports a secret that replaced a plain value as [secret] against the plain value", () => {
    expect(diffProperties({ token: secret() }, { token: "visible" })).toEqual([
      { path: "token", before: "[secret]", after: "visible" },
    ]);
  });

  it("falls back to every secret path, [secret] on both sides, when the engine says a resource changed but only secrets can differ", () => {
    const before = { name: "db", value: secret(), nested: { list: [secret()] } };
    const after = { name: "db", value: secret(), nested: { list: [secret()] } };
    expect(diffProperties(before, after, true)).toEqual([
      { path: "value", before: "[secret]", after: "[secret]" },
      { path: "nested.list[0]", before: "[secret]", after: "[secret]" },
    ]);
  });

  it("reports nothing for equal secrets when the engine did not say the resource changed", () => {
    expect(diffProperties({ value: secret() }, { value: secret() })).toEqual([]);
  });
});

describe("maskSecrets", () => {
  it("replaces secret signature objects at any depth, in objects and arrays", () => {
    const masked = maskSecrets({
      top: secret(),
      a: { b: { c: secret() } },
      list: [1, secret(), { d: secret() }],
      plain: "kept",
    });
    expect(masked).toEqual({
      top: "[secret]",
      a: { b: { c: "[secret]" } },
      list: [1, "[secret]", { d: "[secret]" }],
      plain: "kept",
    });
  });

  it("masks a secret given on its own", () => {
    expect(maskSecrets(secret("plaintext-password"))).toBe("[secret]");
  });

  it("leaves an object that only has the signature key with another value alone", () => {
    const lookalike = { "4dabf18193072939515e22adb298388d": "something-else" };
    expect(maskSecrets(lookalike)).toEqual(lookalike);
  });

  it("leaves plain values and null unchanged", () => {
    expect(maskSecrets(null)).toBeNull();
    expect(maskSecrets(42)).toBe(42);
    expect(maskSecrets("text")).toBe("text");
  });
});

describe("secretPaths", () => {
  it("lists the path of every masked secret", () => {
    expect(secretPaths({ a: "[secret]", b: { c: ["x", "[secret]"] }, d: "plain" })).toEqual(["a", "b.c[1]"]);
  });

  it("finds no paths in a value without secrets", () => {
    expect(secretPaths({ a: 1, b: ["x"] })).toEqual([]);
  });
});
