import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { containerDefinitions } from "./container-definitions.js";
import type { StandardTags } from "./tags.js";

export interface AppServiceArgs {
  readonly env: string;
  readonly privateSubnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArn: pulumi.Input<string>;
  /** The service may only start once its target group is attached to a listener. */
  readonly listeners: readonly pulumi.Resource[];
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly appPort: number;
  readonly cpu: number;
  readonly memory: number;
  /** The task count at creation; the autoscaler owns it afterwards. */
  readonly initialCount: number;
  readonly logRetentionDays: number;
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

function createExecutionRole(env: string, tags: StandardTags) {
  const role = new aws.iam.Role(`${env}-app-execution`, {
    description: "Lets ECS pull the app image and write its logs",
    assumeRolePolicy: JSON.stringify(aws.iam.assumeRolePolicyForPrincipal({ Service: "ecs-tasks.amazonaws.com" })),
    tags: { ...tags },
  });
  const policy = new aws.iam.RolePolicyAttachment(`${env}-app-execution`, {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy,
  });
  return { role, policy };
}

function createTaskDefinition(args: AppServiceArgs, executionRole: aws.iam.Role, logGroup: aws.cloudwatch.LogGroup) {
  const region = aws.getRegionOutput().region;
  return new aws.ecs.TaskDefinition(`${args.env}-app`, {
    family: `${args.env}-app`,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(args.cpu),
    memory: String(args.memory),
    executionRoleArn: executionRole.arn,
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    containerDefinitions: pulumi.all([logGroup.name, region]).apply(([logGroupName, regionName]) =>
      containerDefinitions({
        name: CONTAINER_NAME,
        image: args.image,
        command: args.command,
        port: args.appPort,
        logGroupName,
        region: regionName,
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
  const logGroup = new aws.cloudwatch.LogGroup(`${env}-app-logs`, {
    name: `/ecs/${env}-app`,
    retentionInDays: args.logRetentionDays,
    tags: { ...tags },
  });
  const execution = createExecutionRole(env, tags);
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
