// Checks that span several keys, or the stack itself, for values AWS would refuse half-way through a
// deployment. Each returns the problems it finds, each naming the key to change.
import { isPinnedByDigest } from "./default-image.js";
import { fargateSizes } from "./fargate-sizes.js";
import { showValue } from "./show-value.js";
import { LARGEST_ALB_SUBNET_PREFIX, autoSubnetPrefix } from "./subnet-layout.js";

/** The stack's values that passed their own field checks (defaults applied); a bad value is absent. */
export interface CheckedValues {
  readonly production?: boolean;
  readonly azCount?: number;
  readonly vpcCidr?: string;
  readonly cpu?: number;
  readonly memory?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly image?: string;
  readonly certificateArn?: string;
}

/** What the stack is, beside its project keys: its name and the `aws:region` it deploys to. */
export interface StackIdentity {
  readonly env: string;
  readonly region: string | undefined;
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,11}$/;

export function stackNameProblems(env: string): string[] {
  if (!STACK_NAME.test(env)) {
    return [
      "stack name must be 1..12 lowercase letters, digits or '-', starting with a letter, " +
        `as it prefixes AWS resource names (got ${showValue(env)})`,
    ];
  }
  // The security groups are named `<env>-alb-sg` and `<env>-app-sg`.
  if (`${env}-`.startsWith("sg-")) {
    return [
      `stack name must not be 'sg' or start with 'sg-': EC2 refuses security group names that start ` +
        `with 'sg-', and this one would be '${env}-alb-sg' (got ${showValue(env)})`,
    ];
  }
  return [];
}

function describeMemoryChoices(choices: readonly number[]): string {
  const [first, second] = choices;
  const last = choices.at(-1);
  return choices.length <= 3 || first === undefined || second === undefined
    ? `one of ${choices.join("|")} MiB`
    : `${first}..${last} MiB in steps of ${second - first}`;
}

/** CPU and memory are valid only in pairs. */
export function taskSizeProblems({ cpu, memory }: CheckedValues): string[] {
  const choices = cpu === undefined ? undefined : fargateSizes.get(cpu);
  if (memory === undefined || choices === undefined || choices.includes(memory)) {
    return [];
  }
  return [`memory must be ${describeMemoryChoices(choices)} for cpu ${cpu} (got ${memory})`];
}

/** Each zone gets a public and a private subnet cut from the VPC range; the load balancer needs /27. */
export function subnetSizeProblems({ vpcCidr, azCount }: CheckedValues): string[] {
  if (vpcCidr === undefined || azCount === undefined) {
    return [];
  }
  const vpcPrefix = Number(vpcCidr.split("/")[1]);
  const subnetPrefix = autoSubnetPrefix(vpcPrefix, azCount);
  if (subnetPrefix <= LARGEST_ALB_SUBNET_PREFIX) {
    return [];
  }
  const largestVpc = vpcPrefix - (subnetPrefix - LARGEST_ALB_SUBNET_PREFIX);
  return [
    `vpcCidr must be /${largestVpc} or larger for azCount ${azCount}: its subnets would be /${subnetPrefix}, ` +
      `below the /${LARGEST_ALB_SUBNET_PREFIX} a load balancer needs (got '${vpcCidr}'; or lower azCount)`,
  ];
}

export function scalingProblems({ minCount, maxCount }: CheckedValues): string[] {
  return minCount !== undefined && maxCount !== undefined && minCount > maxCount
    ? [`maxCount must be at least minCount ${minCount} (got ${maxCount})`]
    : [];
}

/** A production stack serves HTTPS only and runs one known image. */
export function productionProblems({ production, certificateArn, image }: CheckedValues): string[] {
  if (production !== true) {
    return [];
  }
  const problems: string[] = [];
  if (certificateArn === undefined) {
    problems.push("certificateArn is required when production is true: a production stack serves HTTPS only");
  }
  if (image !== undefined && !isPinnedByDigest(image)) {
    problems.push(
      `image must be pinned by digest (<repository>@sha256:<64 hex digits>) when production is true ` +
        `(got ${showValue(image)})`,
    );
  }
  return problems;
}

/** ACM certificates are regional: a load balancer can only use one from its own region. */
export function certificateRegionProblems({ certificateArn }: CheckedValues, { region }: StackIdentity): string[] {
  if (certificateArn === undefined) {
    return [];
  }
  const certificateRegion = certificateArn.split(":")[3];
  if (region === undefined) {
    return ["aws:region is required when certificateArn is set, to check the certificate is in the stack's region"];
  }
  return certificateRegion === region
    ? []
    : [
        `certificateArn must be an ACM certificate in aws:region ${region}, as certificates are regional ` +
          `(got one in ${certificateRegion ?? "no region"})`,
      ];
}

export function crossFieldProblems(values: CheckedValues, stack: StackIdentity): string[] {
  return [
    ...taskSizeProblems(values),
    ...subnetSizeProblems(values),
    ...scalingProblems(values),
    ...productionProblems(values),
    ...certificateRegionProblems(values, stack),
  ];
}
