import * as aws from "@pulumi/aws";
import type { StandardTags } from "./tags.js";
import { serviceTrustPolicy, type AccountScope } from "./trust-policy.js";

export interface ExecutionRoleArgs {
  readonly env: string;
  readonly scope: AccountScope;
  readonly tags: StandardTags;
}

export interface ExecutionRole {
  readonly role: aws.iam.Role;
  /** Tasks can pull their image and write logs only once this exists. */
  readonly policy: aws.iam.RolePolicyAttachment;
}

/** The role ECS uses to start the app's tasks: pull the image, write the logs. Nothing else. */
export function createExecutionRole({ env, scope, tags }: ExecutionRoleArgs): ExecutionRole {
  const role = new aws.iam.Role(`${env}-app-execution`, {
    description: "Lets ECS pull the app image and write its logs",
    assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", scope),
    tags: { ...tags },
  });
  const policy = new aws.iam.RolePolicyAttachment(`${env}-app-execution`, {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy,
  });
  return { role, policy };
}
