// Outbound traffic: the app group may reach the internet on tcp/443 only (plus what the stack file
// adds, inside its own ranges); the ALB group only reaches the app port inside the VPC.
import { beforeAll, describe, expect, it } from "vitest";
import { named, ofType } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import {
  SECURITY_GROUP,
  egressRules,
  isOpenToInternet,
  type SecurityGroupRule,
} from "./support/security-group-rules.js";
import { readStackConfig } from "./support/stack-config.js";

const HTTPS_OUT = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };

describe.each([
  { env: "dev", vpcCidr: "10.10.0.0/16" },
  { env: "prod", vpcCidr: "10.20.0.0/16" },
])("egress of the $env stack", ({ env, vpcCidr }) => {
  const stackFile = readStackConfig(env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, stackFile.values, stackFile.region);
  });

  const group = (name: string) => named(run.resources, SECURITY_GROUP, `${env}-${name}-sg`);

  it("allows nothing out to 0.0.0.0/0 but tcp/443 from the app group", () => {
    const open = ofType(run.resources, SECURITY_GROUP).flatMap((sg) =>
      egressRules(sg)
        .filter(isOpenToInternet)
        .map((rule) => ({ group: sg.name, rule })),
    );
    expect(open).toEqual([{ group: `${env}-app-sg`, rule: expect.objectContaining(HTTPS_OUT) as SecurityGroupRule }]);
  });

  it("lets the app group out on HTTPS only, when the stack file adds no rule", () => {
    expect(egressRules(group("app"))).toEqual([expect.objectContaining(HTTPS_OUT)]);
  });

  it("lets the ALB group out only to the app port, inside the VPC", () => {
    expect(egressRules(group("alb"))).toEqual([
      expect.objectContaining({ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: [vpcCidr] }),
    ]);
  });

  it("has no all-protocol rule in any direction", () => {
    const rules = ofType(run.resources, SECURITY_GROUP).flatMap((sg) => [
      ...egressRules(sg),
      ...((sg.inputs.ingress ?? []) as SecurityGroupRule[]),
    ]);
    expect(rules.filter((rule) => rule.protocol === "-1" || rule.protocol === "all")).toEqual([]);
  });
});

describe("extra app egress from the stack file", () => {
  const stackFile = readStackConfig("dev");
  const appEgress = [
    { port: 5432, cidr: "10.10.0.0/16", description: "Postgres" },
    { protocol: "udp", port: 514, cidr: "10.10.8.0/24" },
  ];
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, "dev", { ...stackFile.values, appEgress }, stackFile.region);
  });

  it("adds each configured rule to the app group, after HTTPS, one port each", () => {
    expect(egressRules(named(run.resources, SECURITY_GROUP, "dev-app-sg"))).toEqual([
      expect.objectContaining(HTTPS_OUT),
      { description: "Postgres", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.10.0.0/16"] },
      { description: "udp/514 out", protocol: "udp", fromPort: 514, toPort: 514, cidrBlocks: ["10.10.8.0/24"] },
    ]);
  });
});
