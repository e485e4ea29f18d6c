// A Pulumi YAML fixture project with N managed resources, for comparing the bare
// `pulumi preview --refresh` (which runs the program through its language host) with the
// reconciler on the same local program: the fixture YAML project's five resources plus
// N - 5 buckets, its provider pointing at the fixture provider plugin.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { prepareFixtureProject } from "../reconciler/demo/fixture-project.js";

/** The YAML fixture program's fixed resources (two security groups, ALB, target group, secret). */
const yamlBaseResources = 5;

/** Writes the project (Pulumi.yaml, Pulumi.dev.yaml, Pulumi.prod.yaml) into `dir`; returns `dir`. */
export function writeYamlFixtureProject(dir: string, resources: number): string {
  if (!Number.isInteger(resources) || resources < yamlBaseResources)
    throw new Error(`a YAML fixture project has at least ${yamlBaseResources} resources (asked for ${resources})`);
  prepareFixtureProject(dir, "yaml");
  const file = join(dir, "Pulumi.yaml");
  const doc = parseDocument(readFileSync(file, "utf8"));
  for (let i = 0; i < resources - yamlBaseResources; i++) {
    doc.setIn(["resources", `bucket-${i}`], {
      type: "fixture:index:Bucket",
      properties: { name: `\${env}-bucket-${i}`, tags: "${tags}" },
    });
  }
  writeFileSync(file, doc.toString());
  return dir;
}
