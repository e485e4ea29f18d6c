import type { RecordedResource } from "./recording-mocks.js";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

/** An inline rule as passed to aws.ec2.SecurityGroup. */
export interface SecurityGroupRule {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks?: readonly string[];
  readonly ipv6CidrBlocks?: readonly string[];
  readonly securityGroups?: readonly string[];
}

export function ingressRules(group: RecordedResource): SecurityGroupRule[] {
  return (group.inputs.ingress ?? []) as SecurityGroupRule[];
}

export function egressRules(group: RecordedResource): SecurityGroupRule[] {
  return (group.inputs.egress ?? []) as SecurityGroupRule[];
}

/** Protocol "-1" means all traffic, whatever the port range says. */
export function coversPort(rule: SecurityGroupRule, port: number): boolean {
  return rule.protocol === "-1" || rule.protocol === "all" || (rule.fromPort <= port && port <= rule.toPort);
}

export function isOpenToInternet(rule: SecurityGroupRule): boolean {
  return (rule.cidrBlocks ?? []).includes("0.0.0.0/0") || (rule.ipv6CidrBlocks ?? []).includes("::/0");
}

/** Every port a rule opens, as a list (all-traffic rules open 0..65535). */
export function portsOf(rule: SecurityGroupRule): number[] {
  const [from, to] = rule.protocol === "-1" || rule.protocol === "all" ? [0, 65535] : [rule.fromPort, rule.toPort];
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
