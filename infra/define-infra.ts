import * as pulumi from "@pulumi/pulumi";
import { createAppService } from "./app-service.js";
import type { InfraConfig } from "./config.js";
import { listenerPorts } from "./listener-ports.js";
import { createLoadBalancer } from "./load-balancer.js";
import { createNetwork } from "./network.js";
import { createSecurityGroups } from "./security-groups.js";
import { standardTags } from "./tags.js";

/** The stack outputs. The service outputs also tell a caller that every resource is registered. */
export interface InfraOutputs {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly albDnsName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
  readonly albSecurityGroupId: pulumi.Output<string>;
  readonly appSecurityGroupId: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
}

/**
 * Declares the whole stack from validated config. It reads nothing else: every difference between
 * environments arrives through `config`, and the project name only feeds the tags.
 */
export function defineInfra(config: InfraConfig, project: string = pulumi.getProject()): InfraOutputs {
  const { env } = config;
  const tags = standardTags(env, project);
  const ports = listenerPorts(config.certificateArn);

  const vpc = createNetwork({
    env,
    cidrBlock: config.vpcCidr,
    azCount: config.azCount,
    natStrategy: config.natStrategy,
    tags,
  });
  const groups = createSecurityGroups({
    env,
    vpcId: vpc.vpcId,
    vpcCidr: config.vpcCidr,
    albIngressCidrs: config.albIngressCidrs,
    listenerPorts: ports,
    appPort: config.appPort,
    appEgress: config.appEgress,
    tags,
  });
  const lb = createLoadBalancer({
    env,
    vpcId: vpc.vpcId,
    publicSubnetIds: vpc.publicSubnetIds,
    securityGroupId: groups.alb.id,
    appPort: config.appPort,
    certificateArn: config.certificateArn,
    deletionProtection: config.deletionProtection,
    tags,
  });
  const app = createAppService({
    env,
    privateSubnetIds: vpc.privateSubnetIds,
    securityGroupId: groups.app.id,
    targetGroupArn: lb.targetGroup.arn,
    listeners: lb.listeners,
    image: config.image,
    command: config.command,
    appPort: config.appPort,
    cpu: config.cpu,
    memory: config.memory,
    desiredCount: config.desiredCount,
    tags,
  });

  const scheme = config.certificateArn === undefined ? "http" : "https";
  return {
    vpcId: vpc.vpcId,
    publicSubnetIds: vpc.publicSubnetIds,
    privateSubnetIds: vpc.privateSubnetIds,
    albDnsName: lb.alb.dnsName,
    url: pulumi.interpolate`${scheme}://${lb.alb.dnsName}`,
    albSecurityGroupId: groups.alb.id,
    appSecurityGroupId: groups.app.id,
    clusterName: app.cluster.name,
    serviceName: app.service.name,
  };
}
