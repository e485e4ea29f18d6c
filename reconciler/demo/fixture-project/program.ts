// The fixture stack: the same shape as infra/ (ALB and app security groups with the same
// inbound and outbound rules, a public load balancer, a target group) plus a secret, on the
// local fixture provider.
// `extraResources` adds plain buckets so benchmarks can scale the resource count.
import * as pulumi from "@pulumi/pulumi";
import { Bucket, LoadBalancer, Secret, SecurityGroup, TargetGroup } from "../fixture-provider/resources.js";

export function fixtureProgram(): Record<string, pulumi.Output<unknown>> {
  const config = new pulumi.Config();
  const env = config.require("env");
  const cidrs = config.getObject<string[]>("albIngressCidrs") ?? ["0.0.0.0/0"];
  // infra/ listens on 80 alone without a certificate, on 80 and 443 (prod) with one.
  const listenerPorts = config.getObject<number[]>("listenerPorts") ?? [80];
  const appPort = config.getNumber("appPort") ?? 8080;
  const vpcCidr = config.get("vpcCidr") ?? "10.0.0.0/16";
  const extra = config.getNumber("extraResources") ?? 0;
  const tags = { Environment: env, Project: "drift-fixture", ManagedBy: "pulumi" };
  const vpcId = `vpc-${env}`;

  const albSg = new SecurityGroup(`${env}-alb-sg`, {
    name: `${env}-alb-sg`,
    vpcId,
    ingress: listenerPorts.map((port) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: cidrs })),
    egress: [{ protocol: "tcp", fromPort: appPort, toPort: appPort, cidrBlocks: [vpcCidr] }],
    tags,
  });
  const appSg = new SecurityGroup(`${env}-app-sg`, {
    name: `${env}-app-sg`,
    vpcId,
    ingress: [{ protocol: "tcp", fromPort: appPort, toPort: appPort, securityGroups: [albSg.id] }],
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    tags,
  });
  const alb = new LoadBalancer(`${env}-alb`, {
    name: `${env}-alb`,
    internal: false,
    securityGroups: [albSg.id],
    subnets: [`${env}-public-a`, `${env}-public-b`],
    enableDeletionProtection: config.getBoolean("deletionProtection") ?? false,
    tags,
  });
  new TargetGroup(`${env}-app-tg`, { name: `${env}-app-tg`, port: appPort, protocol: "HTTP", tags });
  const dbPassword = config.getSecret("dbPassword") ?? pulumi.secret(`fixture-${env}-password`);
  new Secret(`${env}-db-credentials`, { name: `${env}-db-credentials`, value: dbPassword });
  for (let i = 0; i < extra; i++) {
    new Bucket(`${env}-bucket-${i}`, { name: `${env}-bucket-${i}`, tags });
  }
  return { albDnsName: alb.dnsName, albSecurityGroupId: albSg.id, appSecurityGroupId: appSg.id };
}
