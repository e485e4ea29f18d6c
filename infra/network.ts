import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import type { StandardTags } from "./tags.js";

export interface NetworkArgs {
  readonly env: string;
  readonly cidrBlock: string;
  readonly azCount: number;
  readonly natStrategy: awsx.types.enums.ec2.NatGatewayStrategy;
  readonly tags: StandardTags;
}

/**
 * One public and one private subnet in each of `azCount` availability zones. The load balancer lives
 * in the public subnets; the app tasks live in the private ones and reach out through NAT.
 */
export function createNetwork(args: NetworkArgs): awsx.ec2.Vpc {
  return new awsx.ec2.Vpc(`${args.env}-vpc`, {
    cidrBlock: args.cidrBlock,
    numberOfAvailabilityZones: args.azCount,
    enableDnsHostnames: true,
    // "Auto" splits the range evenly per AZ in the order given; the default "Legacy" layout is kept
    // by awsx only for backward compatibility.
    subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
    subnetSpecs: [
      { type: awsx.ec2.SubnetType.Public, tags: { ...args.tags } },
      { type: awsx.ec2.SubnetType.Private, tags: { ...args.tags } },
    ],
    natGateways: { strategy: args.natStrategy },
    tags: { ...args.tags },
  });
}

export interface DefaultSecurityGroupArgs {
  readonly env: string;
  readonly vpcId: pulumi.Input<string>;
  readonly tags: StandardTags;
}

/**
 * The VPC's default security group, adopted with no rules at all (Security Hub EC2.2): a resource
 * launched without a group of its own reaches nothing and is reached by nothing. The rule lists
 * are authoritative, so a rule added to it in the console is drift.
 */
export function createDefaultSecurityGroup(args: DefaultSecurityGroupArgs): aws.ec2.DefaultSecurityGroup {
  const name = `${args.env}-default-sg`;
  return new aws.ec2.DefaultSecurityGroup(name, {
    vpcId: args.vpcId,
    ingress: [],
    egress: [],
    tags: { ...args.tags, Name: name },
  });
}
