import * as pulumi from "@pulumi/pulumi";
import type { InfraOutputs } from "../../../infra/define-infra.js";
import { outputValue } from "./output-value.js";
import { installRecordingMocks, type RecordedOptions, type RecordedResource } from "./recording-mocks.js";

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

const key = (type: string, name: string) => `${type}::${name}`;

/**
 * Runs the infra program for one stack under recording mocks, inside a root stack resource as
 * `pulumi up` would, with a stack transformation that records each resource's options (timeouts,
 * ignored properties, protect, retainOnDelete), which the mock monitor never sees. Returns once every registration is done.
 */
export async function runInfra(
  project: string,
  env: string,
  values: Record<string, unknown>,
  region?: string,
): Promise<InfraRun> {
  const recorded = await installRecordingMocks(project, env);
  const options = new Map<string, RecordedOptions>();
  // Imported only once the mocks are in place.
  const { parseInfraConfig } = await import("../../../infra/config.js");
  const { defineInfra } = await import("../../../infra/define-infra.js");
  let outputs: ResolvedOutputs | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation(({ type, name, opts }) => {
      options.set(key(type, name), {
        customTimeouts: opts.customTimeouts,
        ignoreChanges: opts.ignoreChanges,
        protect: opts.protect,
        retainOnDelete: opts.retainOnDelete,
      });
      return undefined;
    });
    outputs = await resolveAll(defineInfra(parseInfraConfig(values, env, region), project));
    return {};
  });
  // Resources whose inputs wait on others (the autoscaler waits on the service) register last.
  await pulumi.runtime.disconnect();
  const resources = recorded.map((resource) => ({
    ...resource,
    options: options.get(key(resource.type, resource.name)),
  }));
  return { resources, outputs: outputs as ResolvedOutputs };
}
