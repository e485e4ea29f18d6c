// What the stack grants beyond its own resources: the task execution role writes to its own log
// group and pulls only from the image's private ECR repository (none for a public image), and the
// VPC's default security group allows nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { ecrRepositoryOf } from "../../infra/ecr-repository.js";
import { MOCK_ACCOUNT, MOCK_REGION } from "./support/recording-mocks.js";
import { jsonInput, named, single } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { readStackConfig } from "./support/stack-config.js";

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

const PRIVATE_IMAGE = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:${"a".repeat(64)}`;

const cases = [
  { name: "the dev stack (ECR Public image)", env: "dev", overrides: {}, repository: undefined },
  { name: "the prod stack (ECR Public image, pinned)", env: "prod", overrides: {}, repository: undefined },
  {
    name: "the dev stack with an image in a private ECR repository",
    env: "dev",
    overrides: { image: PRIVATE_IMAGE },
    repository: "arn:aws:ecr:eu-west-1:111122223333:repository/team/app",
  },
];

describe.each(cases)("$name", ({ env, overrides, repository }) => {
  const stackFile = readStackConfig(env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, { ...stackFile.values, ...overrides }, stackFile.region);
  });

  const statements = () =>
    jsonInput<{ Statement: Statement[] }>(
      named(run.resources, "aws:iam/rolePolicy:RolePolicy", `${env}-app-execution`),
      "policy",
    ).Statement;

  it("lets the execution role write to its own log group only", () => {
    // The mocks give every resource the ARN arn:aws:mock:<region>:<account>:<logical name>.
    const logGroupArn = `arn:aws:mock:${MOCK_REGION}:${MOCK_ACCOUNT}:${env}-app-logs`;
    const logs = statements().filter((s) => [s.Action].flat().some((a) => a.startsWith("logs:")));
    expect(logs).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      }),
    ]);
  });

  it(repository ? "lets it pull from that one repository" : "grants no ECR permission at all", () => {
    const ecr = statements().filter((s) => [s.Action].flat().some((a) => a.startsWith("ecr:")));
    if (repository === undefined) {
      expect(ecr).toEqual([]);
      return;
    }
    expect(ecr).toEqual([
      expect.objectContaining({ Action: "ecr:GetAuthorizationToken", Resource: "*" }),
      expect.objectContaining({
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: repository,
      }),
    ]);
  });

  it("uses a wildcard resource only for the ECR login, which IAM cannot scope", () => {
    const wildcards = statements().filter((s) => [s.Resource].flat().includes("*"));
    expect(wildcards.map((s) => s.Action)).toEqual(repository ? ["ecr:GetAuthorizationToken"] : []);
  });

  it("adopts the VPC's default security group with no rules in either direction", () => {
    const group = single(run.resources, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    expect(group.inputs).toMatchObject({ vpcId: run.outputs.vpcId, ingress: [], egress: [] });
  });
});

describe("the private ECR repository of an image reference", () => {
  it.each([
    [`123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2`, "arn:aws:ecr:us-east-1:123456789012:repository/app"],
    [PRIVATE_IMAGE, "arn:aws:ecr:eu-west-1:111122223333:repository/team/app"],
    [`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app`, "arn:aws-cn:ecr:cn-north-1:123456789012:repository/app"],
    [
      `123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a/b`,
      "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/a/b",
    ],
  ])("is found in %s", (image, arn) => {
    expect(ecrRepositoryOf(image)?.arn).toBe(arn);
  });

  it.each([
    "public.ecr.aws/docker/library/python:3.12-slim",
    "python:3.12-slim",
    "ghcr.io/acme/app@sha256:" + "b".repeat(64),
    "123456789012.dkr.ecr.us-east-1.amazonaws.com.example.com/app",
    "12345678901.dkr.ecr.us-east-1.amazonaws.com/app",
  ])("is none for %s", (image) => {
    expect(ecrRepositoryOf(image)).toBeUndefined();
  });
});
