import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryOf } from "./ecr-repository.js";
import type { StandardTags } from "./tags.js";
import { serviceTrustPolicy, type AccountScope } from "./trust-policy.js";

export interface ExecutionRoleArgs {
  readonly env: string;
  readonly scope: AccountScope;
  /** The app's image: pulling it needs permissions only from a private ECR repository. */
  readonly image: string;
  /** The one log group the tasks write to. */
  readonly logGroupArn: pulumi.Input<string>;
  readonly tags: StandardTags;
}

export interface ExecutionRole {
  readonly role: aws.iam.Role;
  /** Tasks can pull their image and write logs only once this exists. */
  readonly policy: aws.iam.RolePolicy;
}

/**
 * What the role may do, instead of AmazonECSTaskExecutionRolePolicy (every log group and every ECR
 * repository, `Resource: "*"`): write to its own log group, and pull from the image's repository
 * when that is a private ECR one. `ecr:GetAuthorizationToken` has no resource scope in IAM.
 */
export function executionPolicy(image: string, logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
  const repository = ecrRepositoryOf(image);
  return pulumi.output(logGroupArn).apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [arn, `${arn}:*`],
        },
        ...(repository === undefined
          ? []
          : [
              { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
              {
                Sid: "PullImage",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                Resource: repository.arn,
              },
            ]),
      ],
    }),
  );
}

/** The role ECS uses to start the app's tasks: pull the image, write the logs. Nothing else. */
export function createExecutionRole({ env, scope, image, logGroupArn, tags }: ExecutionRoleArgs): ExecutionRole {
  const role = new aws.iam.Role(`${env}-app-execution`, {
    description: "Lets ECS pull the app image and write its logs",
    assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", scope),
    tags: { ...tags },
  });
  const policy = new aws.iam.RolePolicy(`${env}-app-execution`, {
    role: role.id,
    policy: executionPolicy(image, logGroupArn),
  });
  return { role, policy };
}
