import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { projectConfigValues } from "../../../infra/project-config-values.js";

const REPO_ROOT = new URL("../../../", import.meta.url);

export interface StackConfigFile {
  readonly project: string;
  /** The whole stack config as Pulumi passes it to a program: prefixed keys, text values. */
  readonly allConfig: Record<string, string>;
  /** This project's keys, without the "<project>:" prefix, as text. */
  readonly values: Record<string, unknown>;
  /** The stack's `aws:region`, which the config checks compare the certificate's region with. */
  readonly region: string | undefined;
}

function readYaml(file: string): unknown {
  return parse(readFileSync(new URL(file, REPO_ROOT), "utf8"));
}

// Pulumi hands config values to a program as text (numbers, booleans and lists JSON-encoded).
// Encoding the YAML values the same way sends the tests through the production path.
function asPulumiText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Reads Pulumi.yaml for the project name and Pulumi.<env>.yaml for the stack's config. */
export function readStackConfig(env: string): StackConfigFile {
  const { name: project } = readYaml("Pulumi.yaml") as { name: string };
  const { config = {} } = readYaml(`Pulumi.${env}.yaml`) as { config?: Record<string, unknown> };
  const allConfig = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, asPulumiText(value)]));
  return { project, allConfig, values: projectConfigValues(allConfig, project), region: allConfig["aws:region"] };
}
