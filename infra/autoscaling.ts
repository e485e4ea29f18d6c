import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StandardTags } from "./tags.js";

export interface AutoscalingArgs {
  readonly env: string;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly minCount: number;
  readonly maxCount: number;
  /** Average CPU utilisation of the service's tasks that the policy keeps the count at. */
  readonly cpuTargetPercent: number;
  readonly tags: StandardTags;
}

export interface Autoscaling {
  readonly target: aws.appautoscaling.Target;
  readonly policy: aws.appautoscaling.Policy;
}

/**
 * Application Auto Scaling owns the service's task count between `minCount` and `maxCount`,
 * tracking average CPU. The service's own `desiredCount` is therefore only its starting value
 * (see app-service.ts), and the bounds here are what the stack declares and what drift is checked on.
 */
export function createAutoscaling(args: AutoscalingArgs): Autoscaling {
  const { env } = args;
  const target = new aws.appautoscaling.Target(`${env}-app-scaling`, {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
    minCapacity: args.minCount,
    maxCapacity: args.maxCount,
    tags: { ...args.tags },
  });
  const policy = new aws.appautoscaling.Policy(`${env}-app-cpu`, {
    policyType: "TargetTrackingScaling",
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      targetValue: args.cpuTargetPercent,
      // Add capacity quickly, remove it slowly: a short spike should not cost a task mid-request.
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
    },
  });
  return { target, policy };
}
