import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { createAccessLogBucket } from "./access-log-bucket.js";
import { createAppService, type AppService } from "./app-service.js";
import { createAutoscaling } from "./autoscaling.js";
import type { InfraConfig } from "./config.js";
import { createFlowLogs } from "./flow-logs.js";
import { listenerPorts } from "./listener-ports.js";
import { createLoadBalancer, type LoadBalancer } from "./load-balancer.js";
import { createDefaultSecurityGroup, createNetwork } from "./network.js";
import { createSecurityGroups, type SecurityGroups } from "./security-groups.js";
import { standardTags, type StandardTags } from "./tags.js";
import type { AccountScope } from "./trust-policy.js";

/** The stack outputs. The service outputs also tell a caller that every resource is registered. */
export interface InfraOutputs {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly albDnsName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
  readonly albSecurityGroupId: pulumi.Output<string>;
  readonly appSecurityGroupId: pulumi.Output<string>;
  readonly accessLogsBucket: pulumi.Output<string>;
  readonly flowLogGroup: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
}

/**
 * Browsers that reached the site over HTTPS keep to HTTPS for a year. Subdomains and the preload
 * list are decisions about the whole domain, left to its owner.
 */
const HSTS = "max-age=31536000";

/** What every part of the stack shares: its name, its tags, and the account and region it runs in. */
interface StackContext {
  readonly env: string;
  readonly tags: StandardTags;
  readonly scope: AccountScope;
}

interface Front {
  readonly groups: SecurityGroups;
  readonly lb: LoadBalancer;
  readonly accessLogsBucket: pulumi.Output<string>;
}

/** What the public reaches: the security groups, the load balancer, and the bucket it logs requests to. */
function defineFront(config: InfraConfig, { env, tags, scope }: StackContext, vpc: awsx.ec2.Vpc): Front {
  const groups = createSecurityGroups({
    env,
    vpcId: vpc.vpcId,
    vpcCidr: config.vpcCidr,
    albIngressCidrs: config.albIngressCidrs,
    listenerPorts: listenerPorts(config.certificateArn),
    appPort: config.appPort,
    appEgress: config.appEgress,
    tags,
  });
  const logs = createAccessLogBucket({
    env,
    accountId: scope.accountId,
    retentionDays: config.logRetentionDays,
    // Production evidence outlives a `pulumi destroy`; a disposable stack's does not.
    forceDestroy: !config.production,
    protect: config.production,
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
    protect: config.production,
    hsts: config.production ? HSTS : undefined,
    accessLogs: { bucket: logs.bucket.bucket, prefix: logs.prefix },
    dependsOn: logs.ready,
    tags,
  });
  return { groups, lb, accessLogsBucket: logs.bucket.bucket };
}

/** The app's tasks behind the load balancer, and the autoscaler that sets how many run. */
function defineApp(config: InfraConfig, context: StackContext, vpc: awsx.ec2.Vpc, front: Front): AppService {
  const { env, tags } = context;
  const app = createAppService({
    env,
    scope: context.scope,
    privateSubnetIds: vpc.privateSubnetIds,
    securityGroupId: front.groups.app.id,
    targetGroupArn: front.lb.targetGroup.arn,
    listeners: front.lb.listeners,
    container: {
      image: config.image,
      command: config.command,
      user: config.containerUser,
      readOnlyRootFilesystem: config.readOnlyRootFilesystem,
      cpu: config.cpu,
      memory: config.memory,
    },
    appPort: config.appPort,
    initialCount: config.minCount,
    logRetentionDays: config.logRetentionDays,
    retainLogs: config.production,
    deployTimeoutMinutes: config.deployTimeoutMinutes,
    tags,
  });
  createAutoscaling({
    env,
    clusterName: app.cluster.name,
    serviceName: app.service.name,
    minCount: config.minCount,
    maxCount: config.maxCount,
    cpuTargetPercent: config.cpuTargetPercent,
    tags,
  });
  return app;
}

/**
 * Declares the whole stack from validated config. It reads nothing else: every difference between
 * environments arrives through `config`, and the project name only feeds the tags.
 */
export function defineInfra(config: InfraConfig, project: string = pulumi.getProject()): InfraOutputs {
  const { env } = config;
  const context: StackContext = {
    env,
    tags: standardTags(env, project),
    scope: { accountId: aws.getCallerIdentityOutput().accountId, region: aws.getRegionOutput().region },
  };
  const vpc = createNetwork({
    env,
    cidrBlock: config.vpcCidr,
    azCount: config.azCount,
    natStrategy: config.natStrategy,
    tags: context.tags,
  });
  const flowLogs = createFlowLogs({
    env,
    vpcId: vpc.vpcId,
    scope: context.scope,
    retentionDays: config.logRetentionDays,
    retainOnDelete: config.production,
    tags: context.tags,
  });
  createDefaultSecurityGroup({ env, vpcId: vpc.vpcId, tags: context.tags });
  const front = defineFront(config, context, vpc);
  const app = defineApp(config, context, vpc, front);

  const scheme = config.certificateArn === undefined ? "http" : "https";
  return {
    vpcId: vpc.vpcId,
    publicSubnetIds: vpc.publicSubnetIds,
    privateSubnetIds: vpc.privateSubnetIds,
    albDnsName: front.lb.alb.dnsName,
    url: pulumi.interpolate`${scheme}://${front.lb.alb.dnsName}`,
    albSecurityGroupId: front.groups.alb.id,
    appSecurityGroupId: front.groups.app.id,
    accessLogsBucket: front.accessLogsBucket,
    flowLogGroup: flowLogs.logGroup.name,
    clusterName: app.cluster.name,
    serviceName: app.service.name,
  };
}
