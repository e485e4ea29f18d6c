// The fixture provider's package schema, answered through GetSchema. Programs in languages
// that resolve resource types by schema (Pulumi YAML) learn from it which types exist, their
// inputs and outputs, and which properties are secret. It describes the same resources as
// resources.ts; resource-kinds.ts lists the types the provider itself accepts.
import { fixtureKinds, type FixtureTypeName } from "./resource-kinds.js";

interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  secret?: boolean;
  description?: string;
}

const str: PropertySpec = { type: "string" };
const int: PropertySpec = { type: "integer" };
const bool: PropertySpec = { type: "boolean" };
const strings: PropertySpec = { type: "array", items: str };
const tags: PropertySpec = { type: "object", additionalProperties: str };
const rules: PropertySpec = { type: "array", items: { $ref: "#/types/fixture:index:SecurityGroupRule" } };
const arn: PropertySpec = { type: "string", description: "Computed by the cloud" };

const resourceInputs: Record<FixtureTypeName, { inputs: Record<string, PropertySpec>; required: string[] }> = {
  SecurityGroup: {
    inputs: { name: str, vpcId: str, ingress: rules, egress: rules, tags },
    required: ["name", "vpcId"],
  },
  LoadBalancer: {
    inputs: {
      name: str,
      internal: bool,
      securityGroups: strings,
      subnets: strings,
      enableDeletionProtection: bool,
      tags,
    },
    required: ["name"],
  },
  TargetGroup: { inputs: { name: str, port: int, protocol: str, tags }, required: ["name", "port"] },
  Secret: { inputs: { name: str, value: { type: "string", secret: true } }, required: ["name", "value"] },
  Bucket: { inputs: { name: str, tags }, required: ["name"] },
};

const computedOutputs: Partial<Record<FixtureTypeName, Record<string, PropertySpec>>> = {
  LoadBalancer: { dnsName: str },
};

function resourceSpec(type: FixtureTypeName) {
  const { inputs, required } = resourceInputs[type];
  const outputs = { ...inputs, arn, ...computedOutputs[type] };
  return {
    description: `A fixture ${fixtureKinds[type].kind} in the local JSON cloud`,
    inputProperties: inputs,
    requiredInputs: required,
    properties: outputs,
    required: [...required, ...Object.keys(outputs).filter((k) => !(k in inputs))],
  };
}

/** The Pulumi package schema of the `fixture` package, as the JSON GetSchema returns. */
export function fixturePackageSchema(version: string): string {
  const types = Object.keys(fixtureKinds) as FixtureTypeName[];
  return JSON.stringify({
    name: "fixture",
    version,
    description: "Resources in a local JSON cloud, for tests and the demo",
    resources: Object.fromEntries(types.map((type) => [`fixture:index:${type}`, resourceSpec(type)])),
    types: {
      "fixture:index:SecurityGroupRule": {
        type: "object",
        description: "One inline security group rule, inbound or outbound",
        properties: {
          protocol: str,
          fromPort: int,
          toPort: int,
          cidrBlocks: strings,
          securityGroups: strings,
          description: str,
        },
        required: ["protocol", "fromPort", "toPort"],
      },
    },
  });
}
