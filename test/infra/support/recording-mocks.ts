import * as pulumi from "@pulumi/pulumi";

/** One `newResource` call the program made, as the engine would have received it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** The resource options the program passed, when the run recorded them (see run-infra.ts). */
  readonly options?: RecordedOptions;
}

export interface RecordedOptions {
  readonly customTimeouts?: pulumi.CustomTimeouts;
  readonly ignoreChanges?: string[];
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
}

export const MOCK_REGION = "us-east-1";
export const MOCK_ACCOUNT = "123456789012";
/** The Elastic Load Balancing account of us-east-1, which writes ALB access logs there. */
export const MOCK_ELB_ACCOUNT_ARN = "arn:aws:iam::127311923021:root";

const STACK_TYPE = "pulumi:pulumi:Stack";

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
    case "aws:s3/bucket:Bucket":
      return { bucket: `${name}-bucket`, arn: `arn:aws:s3:::${name}-bucket` };
    default:
      return {};
  }
}

/** The data sources the program calls, answered as AWS would for the mock account in us-east-1. */
const CALL_RESULTS: Readonly<Record<string, Record<string, unknown>>> = {
  "aws:index/getRegion:getRegion": { region: MOCK_REGION, name: MOCK_REGION, id: MOCK_REGION },
  "aws:index/getCallerIdentity:getCallerIdentity": {
    accountId: MOCK_ACCOUNT,
    arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`,
    userId: "AIDAMOCK",
    id: MOCK_ACCOUNT,
  },
  "aws:elb/getServiceAccount:getServiceAccount": { arn: MOCK_ELB_ACCOUNT_ARN, id: "127311923021" },
};

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
        if (args.type !== STACK_TYPE) {
          resources.push({ type: args.type, name: args.name, inputs });
        }
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
      call: (args) => CALL_RESULTS[args.token] ?? (args.inputs as Record<string, unknown>),
    },
    project,
    stack,
    false,
  );
  return resources;
}
