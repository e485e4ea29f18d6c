// The app service: a deployment (or a heal) only succeeds once the app is healthy, the autoscaler
// owns the task count between the configured bounds, and the container runs unprivileged.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_IMAGE } from "../../infra/default-image.js";
import { MOCK_ACCOUNT } from "./support/recording-mocks.js";
import { jsonInput, named, single } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { readStackConfig } from "./support/stack-config.js";

const SERVICE = "aws:ecs/service:Service";

describe.each([
  { env: "dev", minCount: 1, maxCount: 2, image: DEFAULT_IMAGE },
  { env: "prod", minCount: 3, maxCount: 9, image: expect.stringMatching(/^\S+@sha256:[0-9a-f]{64}$/) as unknown },
])("the $env app service", ({ env, minCount, maxCount, image }) => {
  const stackFile = readStackConfig(env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, stackFile.values, stackFile.region);
  });

  const container = () =>
    jsonInput<Record<string, unknown>[]>(
      single(run.resources, "aws:ecs/taskDefinition:TaskDefinition"),
      "containerDefinitions",
    )[0];

  it("makes `up` wait for a steady state, within the deploy timeout, and roll back a failed deployment", () => {
    const service = single(run.resources, SERVICE);
    expect(service.inputs).toMatchObject({
      waitForSteadyState: true,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    expect(service.options?.customTimeouts).toEqual({ create: "15m", update: "15m" });
  });

  it(`lets the autoscaler keep ${minCount}..${maxCount} tasks, tracking average CPU`, () => {
    const target = single(run.resources, "aws:appautoscaling/target:Target");
    expect(target.inputs).toMatchObject({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${run.outputs.clusterName}/${run.outputs.serviceName}`,
      minCapacity: minCount,
      maxCapacity: maxCount,
    });
    const policy = single(run.resources, "aws:appautoscaling/policy:Policy");
    expect(policy.inputs).toMatchObject({
      policyType: "TargetTrackingScaling",
      resourceId: target.inputs.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        targetValue: 60,
      },
    });
  });

  it("starts the service at minCount and leaves the count to the autoscaler afterwards", () => {
    const service = single(run.resources, SERVICE);
    expect(service.inputs.desiredCount).toBe(minCount);
    expect(service.options?.ignoreChanges).toEqual(["desiredCount"]);
  });

  it("runs the container as a non-root user on a read-only root filesystem", () => {
    expect(container()).toMatchObject({ user: "65534:65534", readonlyRootFilesystem: true, privileged: false });
  });

  it(env === "prod" ? "runs the image pinned by digest" : "runs the default image by tag", () => {
    expect(container()?.image).toEqual(image);
  });

  it("lets ECS assume the execution role only on behalf of this account", () => {
    const role = named(run.resources, "aws:iam/role:Role", `${env}-app-execution`);
    expect(jsonInput<{ Statement: unknown[] }>(role, "assumeRolePolicy").Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT } },
      }),
    ]);
  });
});

describe("the reconciler's rule that ignores the service's desiredCount", () => {
  const reconcilerYaml = parse(readFileSync(new URL("../../reconciler.yaml", import.meta.url), "utf8")) as {
    ignore?: { type: string; path: string }[];
  };
  const stackFile = readStackConfig("prod");
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, "prod", stackFile.values, stackFile.region);
  });

  it("is backed by an autoscaler that owns that count", () => {
    expect(reconcilerYaml.ignore).toContainEqual(expect.objectContaining({ type: SERVICE, path: "desiredCount" }));
    const target = single(run.resources, "aws:appautoscaling/target:Target");
    expect(target.inputs.scalableDimension).toBe("ecs:service:DesiredCount");
    expect(target.inputs.resourceId).toBe(`service/${run.outputs.clusterName}/${run.outputs.serviceName}`);
  });
});
