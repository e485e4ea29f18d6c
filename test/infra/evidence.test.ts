// What a stack leaves behind to investigate an incident: VPC flow logs, ALB access logs, Container
// Insights, and logs kept for as long as the environment asks (a year in production by default).
import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_ACCOUNT, MOCK_ELB_ACCOUNT_ARN, MOCK_REGION } from "./support/recording-mocks.js";
import { jsonInput, named, single } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { readStackConfig } from "./support/stack-config.js";

interface PolicyStatement {
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

const statementsOf = (document: { Statement: PolicyStatement[] }) => document.Statement;

describe.each([
  { env: "dev", retentionDays: 14, forceDestroy: true, kept: false },
  { env: "prod", retentionDays: 365, forceDestroy: false, kept: true },
])("evidence kept by the $env stack", ({ env, retentionDays, forceDestroy, kept }) => {
  const stackFile = readStackConfig(env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, stackFile.values, stackFile.region);
  });

  const resource = (type: string, suffix: string) => named(run.resources, type, `${env}-${suffix}`);
  const bucketPart = (type: string) => resource(`aws:s3/${type}`, "alb-logs");

  it(`records all VPC traffic to a flow log group kept ${retentionDays} days`, () => {
    const flowLog = single(run.resources, "aws:ec2/flowLog:FlowLog");
    const logGroup = resource("aws:cloudwatch/logGroup:LogGroup", "flow-logs");
    expect(flowLog.inputs).toMatchObject({
      vpcId: run.outputs.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: expect.stringContaining(`${env}-flow-logs`) as unknown,
    });
    expect(logGroup.inputs).toMatchObject({ name: run.outputs.flowLogGroup, retentionInDays: retentionDays });
  });

  it("lets only VPC Flow Logs acting for this account assume the flow log role, to write its one group", () => {
    const trust = statementsOf(jsonInput(resource("aws:iam/role:Role", "flow-logs"), "assumeRolePolicy"));
    expect(trust).toEqual([
      expect.objectContaining({
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Condition: {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT}:vpc-flow-log/*` },
        },
      }),
    ]);
    const grants = statementsOf(jsonInput(resource("aws:iam/rolePolicy:RolePolicy", "flow-logs"), "policy"));
    const wildcard = grants.filter((grant) => grant.Resource === "*");
    expect(wildcard.map((grant) => grant.Action)).toEqual(["logs:DescribeLogGroups"]);
  });

  it(`keeps the app's logs ${retentionDays} days and turns on Container Insights`, () => {
    expect(resource("aws:cloudwatch/logGroup:LogGroup", "app-logs").inputs.retentionInDays).toBe(retentionDays);
    expect(single(run.resources, "aws:ecs/cluster:Cluster").inputs.settings).toEqual([
      { name: "containerInsights", value: "enabled" },
    ]);
  });

  it(
    kept
      ? "keeps the flow log and app log groups when the stack is destroyed (retainOnDelete)"
      : "deletes its log groups with the stack",
    () => {
      for (const suffix of ["flow-logs", "app-logs"]) {
        const group = resource("aws:cloudwatch/logGroup:LogGroup", suffix);
        expect(group.options?.retainOnDelete ?? false, suffix).toBe(kept);
      }
    },
  );

  it(
    kept
      ? "protects the load balancer and its access log bucket: a destroy or a replace stops at them"
      : "leaves the load balancer and its access log bucket unprotected",
    () => {
      expect(single(run.resources, "aws:lb/loadBalancer:LoadBalancer").options?.protect ?? false).toBe(kept);
      expect(bucketPart("bucket:Bucket").options?.protect ?? false).toBe(kept);
    },
  );

  it("writes the load balancer's access logs to the stack's log bucket", () => {
    const alb = single(run.resources, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs.accessLogs).toEqual({ enabled: true, bucket: run.outputs.accessLogsBucket, prefix: "alb" });
  });

  it(`keeps the access log bucket private and encrypted, expiring logs after ${retentionDays} days`, () => {
    expect(bucketPart("bucket:Bucket").inputs.forceDestroy).toBe(forceDestroy);
    expect(bucketPart("bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(bucketPart("bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      bucketPart("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules,
    ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(bucketPart("bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([
      expect.objectContaining({ status: "Enabled", expiration: { days: retentionDays } }),
    ]);
  });

  it("lets only the region's load balancer account write, under the prefix for this account, and refuses plain HTTP", () => {
    const statements = statementsOf(jsonInput(bucketPart("bucketPolicy:BucketPolicy"), "policy"));
    const bucketArn = `arn:aws:s3:::${run.outputs.accessLogsBucket}`;
    expect(statements.filter((statement) => statement.Effect === "Allow")).toEqual([
      expect.objectContaining({
        Principal: { AWS: MOCK_ELB_ACCOUNT_ARN },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/alb/AWSLogs/${MOCK_ACCOUNT}/*`,
      }),
    ]);
    expect(statements.filter((statement) => statement.Effect === "Deny")).toEqual([
      expect.objectContaining({
        Principal: "*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    ]);
  });
});
