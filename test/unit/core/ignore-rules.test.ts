// Ignore rules: a type glob plus a property path, where a path covers everything below it, "*"
// matches one segment and "**" the rest. Ignored differences are dropped and counted.
import { describe, expect, it } from "vitest";
import type { IgnoreRule } from "../../../reconciler/core/config-schema.js";
import type { DriftItem, DriftProperty } from "../../../reconciler/core/drift-report.js";
import { applyIgnoreRules, pathMatches, typeMatches } from "../../../reconciler/core/ignore-rules.js";
import { driftItems } from "../../../reconciler/core/drift-model.js";
import { recordedEvents } from "../../support/recorded-events.js";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const BUCKET = "aws:s3/bucket:Bucket";

function item(name: string, properties: DriftProperty[], type = SG, kind: DriftItem["kind"] = "modified"): DriftItem {
  return { urn: `urn:pulumi:prod::shop::${type}::${name}`, type, name, kind, properties };
}

const diff = (path: string): DriftProperty => ({ path, cloud: "a", deployed: "b" });
const rule = (type: string, path: string): IgnoreRule => ({ type, path });

describe("pathMatches", () => {
  it.each([
    ["tags", "tags", true],
    ["tags", "tags.LastSeen", true],
    ["tags", "tagsAll.LastSeen", false],
    ["tags.LastSeen", "tags", false],
    ["tags.LastSeen", "tags.Owner", false],
    ["ingress", "ingress[1].cidrBlocks[0]", true],
    ["ingress[*].description", "ingress[3].description", true],
    ["ingress[*].description", "ingress[3].fromPort", false],
    ["ingress[*].description", "ingress[3]", false],
    ["*.LastSeen", "tags.LastSeen", true],
    ["*.LastSeen", "labels.LastSeen", true],
    ["tags.**", "tags.a.b.c", true],
    ["**", "anything[0].at.all", true],
  ] as const)("pattern %s against path %s: %s", (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe("typeMatches", () => {
  it.each([
    ["*", SG, true],
    [SG, SG, true],
    ["aws:ec2/*", SG, true],
    ["aws:ec2/*", BUCKET, false],
    ["aws:*:Bucket", BUCKET, true],
    ["aws:s3/bucket:Bucket", "aws:s3/bucket:BucketPolicy", false],
    ["*Bucket", BUCKET, true],
    ["aws:*", BUCKET, true],
    ["aws:**:Bucket", BUCKET, true],
    ["aws:*/bucket*:Bucket", BUCKET, true],
    ["aws:*:Bucket:Bucket", BUCKET, false],
    ["aws:s3*3/bucket", "aws:s3/bucket", false],
    ["*:*:*", BUCKET, true],
    ["*:*:*:*", BUCKET, false],
  ] as const)("pattern %s against type %s: %s", (pattern, type, expected) => {
    expect(typeMatches(pattern, type)).toBe(expected);
  });

  it("treats regular-expression characters in a type as literal text", () => {
    expect(typeMatches("aws:ec2/securityGroup.SecurityGroup", SG)).toBe(false);
    expect(typeMatches("aws:(ec2)/?+", "aws:(ec2)/?+")).toBe(true);
  });

  it("answers a glob with 20 wildcards against a long near miss in under 10 ms", () => {
    // One ".*" per star would backtrack polynomially here: every "a" is a candidate for every star.
    const glob = `${"a*".repeat(20)}b`;
    const type = "a".repeat(5_000);
    typeMatches(glob, type);
    const started = performance.now();
    const matched = typeMatches(glob, type);
    const elapsedMs = performance.now() - started;
    expect(matched).toBe(false);
    expect(typeMatches(glob, `${type}b`)).toBe(true);
    expect(elapsedMs).toBeLessThan(10);
  });
});

describe("applyIgnoreRules", () => {
  it("drops only the matching differences of matching types and counts them", () => {
    const sg = item("web-sg", [diff("tags.LastSeen"), diff("ingress[1]")]);
    const bucket = item("logs", [diff("tags.LastSeen")], BUCKET);
    const { items, ignored } = applyIgnoreRules([sg, bucket], [rule(SG, "tags.LastSeen")]);
    expect(items).toEqual([item("web-sg", [diff("ingress[1]")]), bucket]);
    expect(ignored).toBe(1);
  });

  it("drops an item once every one of its differences is ignored", () => {
    const { items, ignored } = applyIgnoreRules(
      [item("web-sg", [diff("tags.A"), diff("tags.B")])],
      [rule("*", "tags")],
    );
    expect(items).toEqual([]);
    expect(ignored).toBe(2);
  });

  it("keeps a modified item that had no property differences to begin with", () => {
    const bare = item("web-sg", []);
    expect(applyIgnoreRules([bare], [rule("*", "tags")])).toEqual({ items: [bare], ignored: 0 });
  });

  it("ignores a deleted resource only with a ** rule for its type", () => {
    const gone = item("logs", [], BUCKET, "deleted");
    expect(applyIgnoreRules([gone], [rule(BUCKET, "tags"), rule(BUCKET, "*")])).toEqual({ items: [gone], ignored: 0 });
    expect(applyIgnoreRules([gone], [rule(SG, "**")])).toEqual({ items: [gone], ignored: 0 });
    expect(applyIgnoreRules([gone], [rule("aws:s3/*", "**")])).toEqual({ items: [], ignored: 1 });
  });

  it("changes nothing without rules", () => {
    const items = [item("web-sg", [diff("ingress[1]")]), item("logs", [], BUCKET, "deleted")];
    expect(applyIgnoreRules(items, [])).toEqual({ items, ignored: 0 });
  });

  it("can hide the secret-only drift of the recorded stream but keeps the SSH rule", () => {
    const drift = driftItems(recordedEvents("drift-refresh"));
    const { items, ignored } = applyIgnoreRules(drift, [rule("fixture:index:Secret", "value")]);
    expect(items.map((i) => i.name).sort()).toEqual(["prod-alb", "prod-alb-sg", "prod-app-tg"]);
    expect(ignored).toBe(1);
  });
});
