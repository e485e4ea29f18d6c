import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StandardTags } from "./tags.js";
import { serviceTrustPolicy, type AccountScope } from "./trust-policy.js";

export interface FlowLogsArgs {
  readonly env: string;
  readonly vpcId: pulumi.Input<string>;
  readonly scope: AccountScope;
  readonly retentionDays: number;
  /** Keep the log group when the stack is destroyed (production evidence). */
  readonly retainOnDelete: boolean;
  readonly tags: StandardTags;
}

export interface FlowLogs {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly flowLog: aws.ec2.FlowLog;
}

/** Write access to one log group and nothing else (DescribeLogGroups has no resource scope). */
function deliveryPolicy(logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(logGroupArn).apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [arn, `${arn}:*`],
        },
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      ],
    }),
  );
}

/**
 * Every accepted and rejected connection in the VPC, to CloudWatch Logs: the record of who talked
 * to what, kept `retentionDays`.
 */
export function createFlowLogs(args: FlowLogsArgs): FlowLogs {
  const { env, tags } = args;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${env}-flow-logs`,
    { name: `/vpc/${env}-flow-logs`, retentionInDays: args.retentionDays, tags: { ...tags } },
    { retainOnDelete: args.retainOnDelete },
  );
  const role = new aws.iam.Role(`${env}-flow-logs`, {
    description: "Lets VPC Flow Logs write to the stack's flow log group",
    assumeRolePolicy: serviceTrustPolicy(
      "vpc-flow-logs.amazonaws.com",
      args.scope,
      (accountId, region) => `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*`,
    ),
    tags: { ...tags },
  });
  const policy = new aws.iam.RolePolicy(`${env}-flow-logs`, { role: role.id, policy: deliveryPolicy(logGroup.arn) });
  const flowLog = new aws.ec2.FlowLog(
    `${env}-flow-logs`,
    {
      vpcId: args.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: { ...tags },
    },
    { dependsOn: [policy] },
  );
  return { logGroup, flowLog };
}
