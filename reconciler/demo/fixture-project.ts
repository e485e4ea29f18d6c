// Lays out a private copy of a fixture project in a temp dir (the demo and tests write stack
// config files there) with its Pulumi.yaml pointing at the fixture provider plugin. Two
// projects of the same shape: TypeScript (run as an inline program) and Pulumi YAML (run as a
// local program through its language host).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../engine/pulumi-cli.js";

// The sources, also when this module runs compiled from dist/: the plugin and the program run through tsx.
export const fixtureProjectSource = join(repoRoot, "reconciler", "demo", "fixture-project");
const fixtureYamlProjectSource = join(repoRoot, "reconciler", "demo", "fixture-project-yaml");
export const fixtureProviderBin = join(repoRoot, "reconciler", "demo", "fixture-provider", "bin");

/** typescript: drift-fixture, an inline program; yaml: drift-fixture-yaml, a local program. */
export type FixtureLanguage = "typescript" | "yaml";

export const fixtureProjects = {
  typescript: { name: "drift-fixture", source: fixtureProjectSource, dir: "project" },
  yaml: { name: "drift-fixture-yaml", source: fixtureYamlProjectSource, dir: "project-yaml" },
} as const satisfies Record<FixtureLanguage, { name: string; source: string; dir: string }>;

/** The project's Pulumi.yaml with plugins.providers pointing at `pluginDir` (the fixture provider by default). */
export function fixtureProjectFile(language: FixtureLanguage = "typescript", pluginDir = fixtureProviderBin): string {
  const project = readFileSync(join(fixtureProjects[language].source, "Pulumi.yaml"), "utf8");
  return `${project}plugins:\n  providers:\n    - name: fixture\n      path: ${pluginDir}\n`;
}

/**
 * Copies the fixture project into `dir` and returns its path. Existing stack files are
 * kept: they hold each stack's secrets salt once the stack exists.
 */
export function prepareFixtureProject(dir: string, language: FixtureLanguage = "typescript"): string {
  mkdirSync(dir, { recursive: true });
  for (const file of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
    const source = join(fixtureProjects[language].source, file);
    if (!existsSync(join(dir, file))) copyFileSync(source, join(dir, file));
  }
  writeFileSync(join(dir, "Pulumi.yaml"), fixtureProjectFile(language));
  return dir;
}
