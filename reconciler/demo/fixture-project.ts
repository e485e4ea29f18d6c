// Lays out a private copy of the fixture project in a temp dir (the demo and tests write
// stack config files there) with its Pulumi.yaml pointing at the fixture provider plugin.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../engine/pulumi-cli.js";

// The sources, also when this module runs compiled from dist/: the plugin and the program run through tsx.
export const fixtureProjectSource = join(repoRoot, "reconciler", "demo", "fixture-project");
export const fixtureProviderBin = join(repoRoot, "reconciler", "demo", "fixture-provider", "bin");

/**
 * Copies the fixture project into `dir` and returns its path. Existing stack files are
 * kept: they hold each stack's secrets salt once the stack exists.
 */
export function prepareFixtureProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const file of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
    if (!existsSync(join(dir, file))) copyFileSync(join(fixtureProjectSource, file), join(dir, file));
  }
  const project = readFileSync(join(fixtureProjectSource, "Pulumi.yaml"), "utf8");
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `${project}plugins:\n  providers:\n    - name: fixture\n      path: ${fixtureProviderBin}\n`,
  );
  return dir;
}
