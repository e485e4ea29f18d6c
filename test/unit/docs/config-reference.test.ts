// docs/configuration-reference.md is generated from the config schema; it must match what the schema says now.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../reconciler/engine/pulumi-cli.js";
import {
  configJsonSchema,
  referencePath,
  referenceSections,
  renderConfigReference,
  undocumentedKeys,
  type JsonSchema,
} from "../../../scripts/config-reference.js";

describe("the configuration reference", () => {
  it("is what `npm run docs` generates from the schema today (run it after changing the schema)", () => {
    const committed = readFileSync(join(repoRoot, referencePath), "utf8");
    expect(committed, "docs/configuration-reference.md is stale: run `npm run docs`").toBe(renderConfigReference());
  });

  it("describes every key of reconciler.yaml", () => {
    expect(undocumentedKeys(referenceSections(configJsonSchema(), ""))).toEqual([]);
  });

  it("lists nested keys under their path, with type, default and allowed values", () => {
    const text = renderConfigReference();
    expect(text).toContain("## `stacks[].policy`");
    expect(text).toMatch(/^\| `mode` \| string \| `"detect"` \| `detect`, `heal` \| .+ \|$/m);
    expect(text).toMatch(/^\| `stacks` \(required\) \| list of object \| +\| at least 1 \|/m);
    expect(text).toContain("## `notify[] (kind: slack)`");
  });

  it("finds a key that has no description", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { documented: { type: "string", description: "says what" }, bare: { type: "integer" } },
    };
    expect(undocumentedKeys(referenceSections(schema, ""))).toEqual(["bare"]);
  });
});
