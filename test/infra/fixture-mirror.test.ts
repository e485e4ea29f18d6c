// The fixture project (reconciler/demo/fixture-project), on which the demo and the engine tests tell
// their drift stories, keeps the security group rules of the real stack: the same inbound and outbound
// rules, group by group (prod's load balancer takes 80 and 443, dev's 80 alone).
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { installRecordingMocks, type RecordedResource } from "./support/recording-mocks.js";
import { named } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { SECURITY_GROUP, egressRules, ingressRules, type SecurityGroupRule } from "./support/security-group-rules.js";
import { readStackConfig } from "./support/stack-config.js";

const FIXTURE_PROJECT = new URL("../../reconciler/demo/fixture-project/", import.meta.url);
const FIXTURE_SECURITY_GROUP = "fixture:index:SecurityGroup";

function fixtureConfig(env: string): Record<string, string> {
  const file = parse(readFileSync(new URL(`Pulumi.${env}.yaml`, FIXTURE_PROJECT), "utf8")) as {
    config: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}

async function runFixture(env: string): Promise<RecordedResource[]> {
  const resources = await installRecordingMocks("drift-fixture", env);
  pulumi.runtime.setAllConfig(fixtureConfig(env));
  const { fixtureProgram } = await import("../../reconciler/demo/fixture-project/program.js");
  await pulumi.runtime.runInPulumiStack(async () => fixtureProgram());
  await pulumi.runtime.disconnect();
  return resources;
}

/**
 * What a rule allows, without the description (the fixture's rules carry none). A source group is
 * named by its logical name, since the two programs' ids differ.
 */
function allowed(rules: readonly SecurityGroupRule[], groupNames: ReadonlyMap<string, string>) {
  return rules.map(({ protocol, fromPort, toPort, cidrBlocks, securityGroups }) => ({
    protocol,
    fromPort,
    toPort,
    cidrBlocks,
    securityGroups: securityGroups?.map((id) => groupNames.get(id) ?? `unknown group ${id}`),
  }));
}

/** id → logical name of every security group a run registered (the mocks' ids are `<name>-id`). */
function groupNames(resources: readonly RecordedResource[]): Map<string, string> {
  return new Map(
    resources
      .filter((r) => r.type === SECURITY_GROUP || r.type === FIXTURE_SECURITY_GROUP)
      .map((r) => [`${r.name}-id`, r.name]),
  );
}

describe.each(["dev", "prod"])("the %s fixture stack", (env) => {
  let fixture: RecordedResource[];
  let infra: InfraRun;

  beforeAll(async () => {
    fixture = await runFixture(env);
    const stackFile = readStackConfig(env);
    infra = await runInfra(stackFile.project, env, stackFile.values, stackFile.region);
  });

  it.each(["alb", "app"])("gives the %s group the real stack's inbound and outbound rules", (group) => {
    const fixtureGroup = named(fixture, FIXTURE_SECURITY_GROUP, `${env}-${group}-sg`);
    const infraGroup = named(infra.resources, SECURITY_GROUP, `${env}-${group}-sg`);
    for (const rulesOf of [ingressRules, egressRules]) {
      expect(allowed(rulesOf(fixtureGroup), groupNames(fixture))).toEqual(
        allowed(rulesOf(infraGroup), groupNames(infra.resources)),
      );
      expect(rulesOf(fixtureGroup).length).toBeGreaterThan(0);
    }
  });

  it("lets the load balancer in on the listener ports the real stack opens", () => {
    const ports = ingressRules(named(fixture, FIXTURE_SECURITY_GROUP, `${env}-alb-sg`)).map((rule) => rule.fromPort);
    expect(ports).toEqual(env === "prod" ? [80, 443] : [80]);
  });
});
