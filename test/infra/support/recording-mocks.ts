import * as pulumi from "@pulumi/pulumi";

/** One `newResource` call the program made, as the engine would have received it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export const MOCK_REGION = "us-east-1";
const MOCK_ACCOUNT = "123456789012";

function subnetIds(vpcName: string, kind: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${vpcName}-${kind}-subnet-${index + 1}`);
}

// awsx.ec2.Vpc is a remote component: under mocks nothing runs inside it, so the mock answers
// with the outputs the real component would produce, one subnet of each kind per AZ.
function outputsFor(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "awsx:ec2:Vpc": {
      const azCount = Number(inputs.numberOfAvailabilityZones ?? 3);
      return {
        vpcId: `${name}-id`,
        publicSubnetIds: subnetIds(name, "public", azCount),
        privateSubnetIds: subnetIds(name, "private", azCount),
      };
    }
    case "aws:lb/loadBalancer:LoadBalancer":
      return { dnsName: `${name}-1234567890.${MOCK_REGION}.elb.amazonaws.com` };
    default:
      return {};
  }
}

/**
 * Installs process-wide Pulumi mocks for one stack and returns the list every resource is recorded
 * into. Programs must be imported after this resolves.
 */
export async function installRecordingMocks(project: string, stack: string): Promise<RecordedResource[]> {
  const resources: RecordedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs });
        const physicalName = typeof inputs.name === "string" ? inputs.name : args.name;
        return {
          id: `${args.name}-id`,
          state: {
            ...inputs,
            name: physicalName,
            arn: `arn:aws:mock:${MOCK_REGION}:${MOCK_ACCOUNT}:${args.name}`,
            ...outputsFor(args.type, args.name, inputs),
          },
        };
      },
      call: (args) =>
        args.token === "aws:index/getRegion:getRegion"
          ? { region: MOCK_REGION, name: MOCK_REGION, id: MOCK_REGION }
          : (args.inputs as Record<string, unknown>),
    },
    project,
    stack,
    false,
  );
  return resources;
}
