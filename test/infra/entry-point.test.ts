// infra/index.ts, the program `pulumi up` runs: it reads the stack's config from the Pulumi runtime
// and exports the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { outputValue } from "./support/output-value.js";
import { installRecordingMocks, type RecordedResource } from "./support/recording-mocks.js";
import { readStackConfig } from "./support/stack-config.js";
import type * as Entry from "../../infra/index.js";

describe("the infra entry point", () => {
  const stackFile = readStackConfig("prod");
  let resources: RecordedResource[];
  let program: typeof Entry;

  beforeAll(async () => {
    resources = await installRecordingMocks(stackFile.project, "prod");
    pulumi.runtime.setAllConfig(stackFile.allConfig);
    program = await import("../../infra/index.js");
    await outputValue(program.serviceName);
  });

  it("builds the stack from the running stack's config", () => {
    const vpc = resources.find((resource) => resource.type === "awsx:ec2:Vpc");
    expect(vpc?.inputs).toMatchObject({ cidrBlock: "10.20.0.0/16", numberOfAvailabilityZones: 3 });
  });

  it("exports the network, load balancer, security group and log outputs", async () => {
    expect(await outputValue(program.vpcId)).toBe("prod-vpc-id");
    expect(await outputValue(program.publicSubnetIds)).toHaveLength(3);
    expect(await outputValue(program.privateSubnetIds)).toHaveLength(3);
    expect(await outputValue(program.url)).toBe(`https://${await outputValue(program.albDnsName)}`);
    expect(await outputValue(program.albSecurityGroupId)).toBe("prod-alb-sg-id");
    expect(await outputValue(program.appSecurityGroupId)).toBe("prod-app-sg-id");
    expect(await outputValue(program.accessLogsBucket)).toBe("prod-alb-logs-bucket");
    expect(await outputValue(program.flowLogGroup)).toBe("/vpc/prod-flow-logs");
  });
});
