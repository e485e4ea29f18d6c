import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { StandardTags } from "./tags.js";

export interface SecurityGroupsArgs {
  readonly env: string;
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: string;
  readonly albIngressCidrs: readonly string[];
  readonly listenerPorts: readonly number[];
  readonly appPort: number;
  /** Outbound rules the app needs beyond HTTPS (a database, a queue), one port each. */
  readonly appEgress: readonly AppEgressRule[];
  readonly tags: StandardTags;
}

export interface AppEgressRule {
  readonly protocol: "tcp" | "udp";
  readonly port: number;
  readonly cidr: string;
  readonly description?: string | undefined;
}

export interface SecurityGroups {
  readonly alb: aws.ec2.SecurityGroup;
  readonly app: aws.ec2.SecurityGroup;
}

// Every rule is inline `ingress`/`egress` on the group, which makes the group's rule list
// authoritative: a rule someone adds in the console shows up as drift on refresh and `up` removes it.
// Separate rule resources alone would only manage their own rules and leave such a rule invisible.
//
// The names are fixed (`<env>-alb-sg`) so people find the groups in the console; descriptions are
// constant because changing one replaces the group.
export function createSecurityGroups(args: SecurityGroupsArgs): SecurityGroups {
  const albName = `${args.env}-alb-sg`;
  const alb = new aws.ec2.SecurityGroup(albName, {
    name: albName,
    description: "Public load balancer: listener ports from the allowed CIDRs only",
    vpcId: args.vpcId,
    ingress: args.listenerPorts.map((port) => ({
      description: `Listener port ${port}`,
      protocol: "tcp",
      fromPort: port,
      toPort: port,
      cidrBlocks: [...args.albIngressCidrs],
    })),
    // Towards the app only. The VPC range stands in for the app group, which would otherwise
    // reference this group back and form a cycle.
    egress: [
      {
        description: "To the app tasks",
        protocol: "tcp",
        fromPort: args.appPort,
        toPort: args.appPort,
        cidrBlocks: [args.vpcCidr],
      },
    ],
    tags: { ...args.tags, Name: albName },
  });

  const appName = `${args.env}-app-sg`;
  const app = new aws.ec2.SecurityGroup(appName, {
    name: appName,
    description: "App tasks: the app port from the load balancer only",
    vpcId: args.vpcId,
    ingress: [
      {
        description: "From the load balancer",
        protocol: "tcp",
        fromPort: args.appPort,
        toPort: args.appPort,
        securityGroups: [alb.id],
      },
    ],
    egress: [
      // Image pulls, log delivery and AWS APIs are all HTTPS, through NAT. DNS needs no rule: traffic
      // to the VPC's own resolver is never filtered by security groups.
      { description: "HTTPS out", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      ...args.appEgress.map((rule) => ({
        description: rule.description ?? `${rule.protocol}/${rule.port} out`,
        protocol: rule.protocol,
        fromPort: rule.port,
        toPort: rule.port,
        cidrBlocks: [rule.cidr],
      })),
    ],
    tags: { ...args.tags, Name: appName },
  });

  return { alb, app };
}
