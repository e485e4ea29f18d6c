import type * as pulumi from "@pulumi/pulumi";
import type { InfraOutputs } from "../../../infra/define-infra.js";
import { outputValue } from "./output-value.js";
import { installRecordingMocks, type RecordedResource } from "./recording-mocks.js";

export type ResolvedOutputs = { [K in keyof InfraOutputs]: InfraOutputs[K] extends pulumi.Output<infer T> ? T : never };

export interface InfraRun {
  readonly resources: readonly RecordedResource[];
  readonly outputs: ResolvedOutputs;
}

async function resolveAll(outputs: InfraOutputs): Promise<ResolvedOutputs> {
  const entries = await Promise.all(
    Object.entries(outputs).map(
      async ([key, output]) => [key, await outputValue(output as pulumi.Output<unknown>)] as const,
    ),
  );
  return Object.fromEntries(entries) as ResolvedOutputs;
}

/**
 * Runs the infra program for one stack under recording mocks. Resolving every output also waits for
 * the ECS service, which depends on everything else, so the record is complete on return.
 */
export async function runInfra(project: string, env: string, values: Record<string, unknown>): Promise<InfraRun> {
  const resources = await installRecordingMocks(project, env);
  // Imported only once the mocks are in place.
  const { parseInfraConfig } = await import("../../../infra/config.js");
  const { defineInfra } = await import("../../../infra/define-infra.js");
  const outputs = await resolveAll(defineInfra(parseInfraConfig(values, env), project));
  return { resources, outputs };
}
