// Typed resource classes for the fixture provider's resources, used by the fixture program.
import * as pulumi from "@pulumi/pulumi";

/** One inline security group rule, inbound or outbound. */
export interface SecurityGroupRule {
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrBlocks?: string[];
  securityGroups?: pulumi.Input<string>[];
  description?: string;
}

type Props<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Inputs plus the output-only keys set to undefined, so the engine returns them. */
function withOutputs(args: object, outputs: string[]): pulumi.Inputs {
  const inputs: pulumi.Inputs = { ...args };
  for (const key of outputs) inputs[key] = undefined;
  return inputs;
}

export class SecurityGroup extends pulumi.CustomResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly arn: pulumi.Output<string>;
  declare readonly ingress: pulumi.Output<SecurityGroupRule[]>;
  declare readonly egress: pulumi.Output<SecurityGroupRule[]>;
  constructor(
    name: string,
    args: Props<{
      name: string;
      vpcId: string;
      ingress: SecurityGroupRule[];
      egress: SecurityGroupRule[];
      tags: Record<string, string>;
    }>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("fixture:index:SecurityGroup", name, withOutputs(args, ["arn"]), opts);
  }
}

export class LoadBalancer extends pulumi.CustomResource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly dnsName: pulumi.Output<string>;
  constructor(
    name: string,
    args: Props<{
      name: string;
      internal: boolean;
      securityGroups: pulumi.Input<string>[];
      subnets: string[];
      enableDeletionProtection: boolean;
      tags: Record<string, string>;
    }>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("fixture:index:LoadBalancer", name, withOutputs(args, ["arn", "dnsName"]), opts);
  }
}

export class TargetGroup extends pulumi.CustomResource {
  declare readonly arn: pulumi.Output<string>;
  constructor(
    name: string,
    args: Props<{ name: string; port: number; protocol: string; tags: Record<string, string> }>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("fixture:index:TargetGroup", name, withOutputs(args, ["arn"]), opts);
  }
}

/** A resource with a secret property, like a database credential. */
export class Secret extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, args: Props<{ name: string; value: string }>, opts?: pulumi.CustomResourceOptions) {
    super("fixture:index:Secret", name, withOutputs(args, ["arn"]), { ...opts, additionalSecretOutputs: ["value"] });
  }
}

export class Bucket extends pulumi.CustomResource {
  constructor(
    name: string,
    args: Props<{ name: string; tags: Record<string, string> }>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("fixture:index:Bucket", name, withOutputs(args, ["arn"]), opts);
  }
}
