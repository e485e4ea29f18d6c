import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { containerDefinitions } from "./container-definitions.js";
import { createExecutionRole } from "./execution-role.js";
import type { StandardTags } from "./tags.js";
import type { AccountScope } from "./trust-policy.js";

export interface AppContainerArgs {
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly user: string | undefined;
  readonly readOnlyRootFilesystem: boolean;
  readonly cpu: number;
  readonly memory: number;
}

export interface AppServiceArgs {
  readonly env: string;
  readonly scope: AccountScope;
  readonly privateSubnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArn: pulumi.Input<string>;
  /** The service may only start once its target group is attached to a listener. */
  readonly listeners: readonly pulumi.Resource[];
  readonly container: AppContainerArgs;
  readonly appPort: number;
  /** The task count at creation; the autoscaler owns it afterwards. */
  readonly initialCount: number;
  readonly logRetentionDays: number;
  /** Keep the log group when the stack is destroyed (production evidence). */
  readonly retainLogs: boolean;
  /** How long a deployment may take to reach a steady state before `up` fails. */
  readonly deployTimeoutMinutes: number;
  readonly tags: StandardTags;
}

export interface AppService {
  readonly cluster: aws.ecs.Cluster;
  readonly service: aws.ecs.Service;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

const CONTAINER_NAME = "app";

function createTaskDefinition(args: AppServiceArgs, executionRole: aws.iam.Role, logGroup: aws.cloudwatch.LogGroup) {
  const { container } = args;
  return new aws.ecs.TaskDefinition(`${args.env}-app`, {
    family: `${args.env}-app`,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(container.cpu),
    memory: String(container.memory),
    executionRoleArn: executionRole.arn,
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    containerDefinitions: pulumi.all([logGroup.name, args.scope.region]).apply(([logGroupName, region]) =>
      containerDefinitions({
        name: CONTAINER_NAME,
        image: container.image,
        command: container.command,
        user: container.user,
        readOnlyRootFilesystem: container.readOnlyRootFilesystem,
        port: args.appPort,
        logGroupName,
        region,
      }),
    ),
    tags: { ...args.tags },
  });
}

/**
 * The app as an ECS Fargate service in the private subnets behind the load balancer. Plain
 * @pulumi/aws resources rather than awsx.ecs, so that each one is visible (and tested) on its own.
 */
export function createAppService(args: AppServiceArgs): AppService {
  const { env, tags } = args;
  const cluster = new aws.ecs.Cluster(`${env}-cluster`, {
    settings: [{ name: "containerInsights", value: "enabled" }],
    tags: { ...tags },
  });
  const logGroup = new aws.cloudwatch.LogGroup(
    `${env}-app-logs`,
    { name: `/ecs/${env}-app`, retentionInDays: args.logRetentionDays, tags: { ...tags } },
    { retainOnDelete: args.retainLogs },
  );
  const execution = createExecutionRole({
    env,
    scope: args.scope,
    image: args.container.image,
    logGroupArn: logGroup.arn,
    tags,
  });
  const taskDefinition = createTaskDefinition(args, execution.role, logGroup);
  const timeout = `${args.deployTimeoutMinutes}m`;

  const service = new aws.ecs.Service(
    `${env}-app`,
    {
      cluster: cluster.arn,
      taskDefinition: taskDefinition.arn,
      launchType: "FARGATE",
      desiredCount: args.initialCount,
      networkConfiguration: {
        subnets: args.privateSubnetIds,
        securityGroups: [args.securityGroupId],
        assignPublicIp: false,
      },
      loadBalancers: [
        { targetGroupArn: args.targetGroupArn, containerName: CONTAINER_NAME, containerPort: args.appPort },
      ],
      healthCheckGracePeriodSeconds: 30,
      // A deployment whose tasks never turn healthy rolls back, and `up` waits for the outcome: it
      // fails unless the service reaches a steady state, so a deploy or a heal that leaves the app
      // unhealthy is reported as failed rather than as done.
      deploymentCircuitBreaker: { enable: true, rollback: true },
      waitForSteadyState: true,
      propagateTags: "SERVICE",
      tags: { ...tags },
    },
    {
      // Without the policy, the first tasks cannot pull the image and the deployment stalls.
      dependsOn: [...args.listeners, execution.policy],
      customTimeouts: { create: timeout, update: timeout },
      // The autoscaler (autoscaling.ts) moves the count; `up` must not reset it to the starting value.
      ignoreChanges: ["desiredCount"],
    },
  );

  return { cluster, service, logGroup };
}
