// The security and availability properties of the dev and prod stacks, checked with the real stack
// files (Pulumi.dev.yaml, Pulumi.prod.yaml) under recording mocks. Both run the same assertions;
// only the expectations table differs.
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "./support/recording-mocks.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { SECURITY_GROUP, coversPort, ingressRules, isOpenToInternet, portsOf } from "./support/security-group-rules.js";
import { jsonInput, named, ofType, single } from "./support/resource-queries.js";
import { readStackConfig } from "./support/stack-config.js";
import { TAGGABLE_TYPES, UNTAGGABLE_TYPES, argsAcceptTags } from "./support/taggable-types.js";

const STANDALONE_RULE_TYPES = [
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
];

const stacks = [
  {
    env: "dev",
    azCount: 2,
    natStrategy: "Single",
    deletionProtection: false,
    appPort: 8080,
    listenerPorts: [80],
    scheme: "http",
  },
  {
    env: "prod",
    azCount: 3,
    natStrategy: "OnePerAz",
    deletionProtection: true,
    appPort: 8080,
    listenerPorts: [80, 443],
    scheme: "https",
  },
];

function hasTags(resource: RecordedResource, wanted: Readonly<Record<string, string>>): boolean {
  const tags = (resource.inputs.tags ?? {}) as Record<string, unknown>;
  return Object.entries(wanted).every(([key, value]) => tags[key] === value);
}

describe.each(stacks)("the $env stack", (expected) => {
  const stackFile = readStackConfig(expected.env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, expected.env, stackFile.values, stackFile.region);
  });

  const albGroup = () => named(run.resources, SECURITY_GROUP, `${expected.env}-alb-sg`);
  const appGroup = () => named(run.resources, SECURITY_GROUP, `${expected.env}-app-sg`);
  const allIngress = () => ofType(run.resources, SECURITY_GROUP).flatMap(ingressRules);

  it(`spreads the VPC over ${expected.azCount} availability zones with the ${expected.natStrategy} NAT strategy`, () => {
    const vpc = single(run.resources, "awsx:ec2:Vpc");
    expect(vpc.inputs.numberOfAvailabilityZones).toBe(expected.azCount);
    expect(vpc.inputs.natGateways).toEqual({ strategy: expected.natStrategy });
    expect(vpc.inputs.subnetSpecs).toEqual([
      expect.objectContaining({ type: "Public" }),
      expect.objectContaining({ type: "Private" }),
    ]);
  });

  it("places the load balancer in the public subnets, one per availability zone", () => {
    const alb = single(run.resources, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs.internal).toBe(false);
    expect(alb.inputs.subnets).toEqual(run.outputs.publicSubnetIds);
    expect(run.outputs.publicSubnetIds).toHaveLength(expected.azCount);
    expect(alb.inputs.securityGroups).toEqual([run.outputs.albSecurityGroupId]);
  });

  it("runs the app tasks in the private subnets without public IPs, behind the app group", () => {
    const service = single(run.resources, "aws:ecs/service:Service");
    expect(service.inputs.launchType).toBe("FARGATE");
    expect(service.inputs.networkConfiguration).toEqual({
      subnets: run.outputs.privateSubnetIds,
      securityGroups: [run.outputs.appSecurityGroupId],
      assignPublicIp: false,
    });
  });

  it(`lets the ALB group in only on the listener ports ${expected.listenerPorts.join(" and ")}, from the configured CIDRs`, () => {
    const cidrs = JSON.parse(String(stackFile.values.albIngressCidrs)) as string[];
    expect(ingressRules(albGroup())).toEqual(
      expected.listenerPorts.map((port): unknown =>
        expect.objectContaining({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: cidrs }),
      ),
    );
  });

  it(`forwards exactly one listener to the app target group, and reports an ${expected.scheme} URL`, () => {
    const targetGroup = single(run.resources, "aws:lb/targetGroup:TargetGroup");
    const forwarding = ofType(run.resources, "aws:lb/listener:Listener").filter((listener) =>
      (listener.inputs.defaultActions as { type: string }[]).some((action) => action.type === "forward"),
    );
    expect(forwarding).toHaveLength(1);
    expect(forwarding[0]?.inputs.defaultActions).toEqual([
      expect.objectContaining({
        type: "forward",
        targetGroupArn: expect.stringContaining(targetGroup.name) as unknown,
      }),
    ]);
    expect(targetGroup.inputs).toMatchObject({ targetType: "ip", port: expected.appPort, protocol: "HTTP" });
    expect(run.outputs.url).toBe(`${expected.scheme}://${run.outputs.albDnsName}`);
  });

  it("lets the app group in only from the ALB group, on the app port", () => {
    expect(ingressRules(appGroup())).toEqual([
      {
        description: expect.any(String) as unknown,
        protocol: "tcp",
        fromPort: expected.appPort,
        toPort: expected.appPort,
        securityGroups: [run.outputs.albSecurityGroupId],
      },
    ]);
  });

  it("opens neither SSH (22) nor RDP (3389) in any security group", () => {
    const offending = allIngress().filter((rule) => coversPort(rule, 22) || coversPort(rule, 3389));
    expect(offending).toEqual([]);
  });

  it("opens no port to 0.0.0.0/0 other than the ALB listener ports", () => {
    const openPorts = new Set(allIngress().filter(isOpenToInternet).flatMap(portsOf));
    expect([...openPorts].filter((port) => !expected.listenerPorts.includes(port))).toEqual([]);
  });

  it("keeps rules authoritative: inline on each group, and no standalone rule resources", () => {
    for (const group of ofType(run.resources, SECURITY_GROUP)) {
      expect(Array.isArray(group.inputs.ingress), `${group.name} has inline ingress`).toBe(true);
      expect(Array.isArray(group.inputs.egress), `${group.name} has inline egress`).toBe(true);
    }
    expect(run.resources.filter((resource) => STANDALONE_RULE_TYPES.includes(resource.type))).toEqual([]);
  });

  it("names the security groups after the environment", () => {
    expect(albGroup().inputs.name).toBe(`${expected.env}-alb-sg`);
    expect(appGroup().inputs.name).toBe(`${expected.env}-app-sg`);
  });

  it(`sets load balancer deletion protection to ${expected.deletionProtection}`, () => {
    const alb = single(run.resources, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs.enableDeletionProtection).toBe(expected.deletionProtection);
  });

  it("tags every taggable resource with Environment, Project and ManagedBy", () => {
    const wanted = { Environment: expected.env, Project: stackFile.project, ManagedBy: "pulumi" };
    const taggable = run.resources.filter((resource) => TAGGABLE_TYPES.has(resource.type));
    expect(taggable.length).toBeGreaterThan(0);
    const untagged = taggable
      .filter((resource) => !hasTags(resource, wanted))
      .map((resource) => `${resource.type} ${resource.name}`);
    expect(untagged).toEqual([]);
  });

  it("classifies every resource type as taggable or not, in agreement with the SDK's inputs", () => {
    const types = [...new Set(run.resources.map((resource) => resource.type))];
    for (const type of types) {
      expect(TAGGABLE_TYPES.has(type) || UNTAGGABLE_TYPES.has(type), `${type} is classified`).toBe(true);
      expect(argsAcceptTags(type), `${type} accepts tags`).toBe(TAGGABLE_TYPES.has(type));
    }
  });

  it("sizes the Fargate task and service from the stack config", () => {
    const task = single(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
    const service = single(run.resources, "aws:ecs/service:Service");
    expect(task.inputs).toMatchObject({
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(stackFile.values.cpu),
      memory: String(stackFile.values.memory),
    });
    expect(service.inputs.desiredCount).toBe(Number(stackFile.values.minCount));
    expect(service.inputs.loadBalancers).toEqual([
      expect.objectContaining({ containerName: "app", containerPort: expected.appPort }),
    ]);
  });

  it("runs a container that listens on the app port and logs to its log group", () => {
    const task = single(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
    const logGroup = named(run.resources, "aws:cloudwatch/logGroup:LogGroup", `${expected.env}-app-logs`);
    const [container] = jsonInput<Record<string, unknown>[]>(task, "containerDefinitions");
    expect(container).toMatchObject({
      name: "app",
      command: ["python", "-m", "http.server", String(expected.appPort), "--directory", "/srv"],
      portMappings: [{ containerPort: expected.appPort, protocol: "tcp" }],
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroup.inputs.name } },
    });
  });

  it("gives the task an execution role with an inline policy and no managed policy", () => {
    expect(ofType(run.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    const policy = named(run.resources, "aws:iam/rolePolicy:RolePolicy", `${expected.env}-app-execution`);
    expect(policy.inputs.role).toBe(`${expected.env}-app-execution-id`);
    const role = named(run.resources, "aws:iam/role:Role", `${expected.env}-app-execution`);
    expect(jsonInput(role, "assumeRolePolicy")).toMatchObject({
      Statement: [expect.objectContaining({ Principal: { Service: "ecs-tasks.amazonaws.com" } })],
    });
  });
});
