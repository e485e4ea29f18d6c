// The resource kinds the fixture provider manages, and which of their inputs force a
// replacement when changed (like a security group's or load balancer's name in AWS).
export const fixtureKinds = {
  SecurityGroup: { kind: "securitygroup", replaceOn: ["name", "vpcId"] },
  LoadBalancer: { kind: "loadbalancer", replaceOn: ["name", "internal"] },
  TargetGroup: { kind: "targetgroup", replaceOn: ["name", "port"] },
  Secret: { kind: "secret", replaceOn: ["name"] },
  Bucket: { kind: "bucket", replaceOn: ["name"] },
} as const satisfies Record<string, { kind: string; replaceOn: readonly string[] }>;

export type FixtureTypeName = keyof typeof fixtureKinds;

/** "fixture:index:SecurityGroup" → the kind entry, or undefined for a type we do not manage. */
export function kindOfUrn(urn: string): (typeof fixtureKinds)[FixtureTypeName] | undefined {
  // urn:pulumi:<stack>::<project>::<parent$type>::<name>
  const qualifiedType = urn.split("::")[2] ?? "";
  const type = qualifiedType.split("$").pop() ?? "";
  const typeName = type.split(":")[2] as FixtureTypeName | undefined;
  return typeName === undefined ? undefined : fixtureKinds[typeName];
}
