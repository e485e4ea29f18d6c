// The fixture project (reconciler/demo/fixture-project), on which the demo and the engine tests tell
// their drift stories, keeps the security group rules of the real stack: same egress, group by group.
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { installRecordingMocks, type RecordedResource } from "./support/recording-mocks.js";
import { named } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { SECURITY_GROUP, egressRules, type SecurityGroupRule } from "./support/security-group-rules.js";
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

/** What a rule allows, without the description (the fixture's rules carry none). */
function allowed(rules: readonly SecurityGroupRule[]) {
  return rules.map(({ protocol, fromPort, toPort, cidrBlocks }) => ({ protocol, fromPort, toPort, cidrBlocks }));
}

describe.each(["dev", "prod"])("the %s fixture stack", (env) => {
  let fixture: RecordedResource[];
  let infra: InfraRun;

  beforeAll(async () => {
    fixture = await runFixture(env);
    const stackFile = readStackConfig(env);
    infra = await runInfra(stackFile.project, env, stackFile.values, stackFile.region);
  });

  it.each(["alb", "app"])("gives the %s group the real stack's egress rules", (group) => {
    const fixtureGroup = named(fixture, FIXTURE_SECURITY_GROUP, `${env}-${group}-sg`);
    const infraGroup = named(infra.resources, SECURITY_GROUP, `${env}-${group}-sg`);
    expect(allowed(egressRules(fixtureGroup))).toEqual(allowed(egressRules(infraGroup)));
    expect(egressRules(fixtureGroup).length).toBeGreaterThan(0);
  });
});
