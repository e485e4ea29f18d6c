// The CloudTrail source with the real SDK client, talking over HTTP to a test double that speaks
// CloudTrail's JSON protocol and checks every request and answer against AWS's service model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttributionTarget, SourceContext } from "../../../reconciler/core/attribution-source.js";
import { cloudTrailSource } from "../../../reconciler/engine/cloudtrail-source.js";
import { checkShape } from "../../support/aws-json-shapes.js";
import {
  cloudTrailEvent,
  cloudTrailModel,
  lookupEventsShortTarget,
  lookupEventsTarget,
  startCloudTrailDouble,
  type CloudTrailDouble,
} from "../../support/cloudtrail-double.js";

const keyId = "AKIAIOSFODNN7EXAMPLE";
const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const sg = "sg-0123456789abcdef0";
const role = "arn:aws:iam::123456789012:role/Ops";
const session = "arn:aws:sts::123456789012:assumed-role/Ops/jo";

const target: AttributionTarget = {
  urn: "urn:pulumi:prod::shop::aws:ec2/securityGroup:SecurityGroup::alb-sg",
  name: "alb-sg",
  type: "aws:ec2/securityGroup:SecurityGroup",
  resourceId: sg,
  since: new Date("2026-03-10T11:00:00.000Z"),
  until: new Date("2026-03-10T12:00:00.000Z"),
};

// 60 reads newer than the one write: the write is on the second page.
const reads = Array.from({ length: 60 }, (_, i) =>
  cloudTrailEvent({
    id: `read-${i}`,
    name: "DescribeSecurityGroups",
    at: new Date(Date.parse("2026-03-10T11:40:00.000Z") + i * 1000).toISOString(),
    resource: sg,
    readOnly: true,
    arn: "arn:aws:iam::123456789012:user/auditor",
  }),
);
const write = cloudTrailEvent({
  id: "write-1",
  name: "AuthorizeSecurityGroupIngress",
  at: "2026-03-10T11:30:00.000Z",
  resource: sg,
  arn: session,
  issuer: role,
  sourceIp: "203.0.113.9",
  userAgent: "console.amazonaws.com",
});
const outside = cloudTrailEvent({
  id: "old",
  name: "RevokeSecurityGroupIngress",
  at: "2026-03-09T11:30:00.000Z",
  resource: sg,
  arn: session,
});

let double: CloudTrailDouble;
beforeAll(async () => {
  double = await startCloudTrailDouble({ keys: { [keyId]: secret }, events: [...reads, write, outside] });
});
afterAll(async () => {
  await double.close();
});

function context(overrides: Partial<SourceContext> & { secret?: string } = {}): SourceContext & { requests: number } {
  const ctx: SourceContext & { requests: number } = {
    env: {
      AWS_ACCESS_KEY_ID: keyId,
      AWS_SECRET_ACCESS_KEY: overrides.secret ?? secret,
      AWS_ENDPOINT_URL_CLOUDTRAIL: double.endpoint,
    },
    config: async (key: string) => (key === "aws:region" ? double.region : undefined),
    signal: new AbortController().signal,
    requests: 0,
    takeRequest: (): boolean => (ctx.requests++, true),
    ...overrides,
  };
  return ctx;
}

const noWait = cloudTrailSource({ sleep: async () => undefined });

describe("the CloudTrail source against the CloudTrail double", () => {
  it("finds the newest write call on the resource, paging past read-only events with NextToken", async () => {
    const before = double.exchanges.length;
    const ctx = context();
    const answer = await noWait.lookup(target, ctx);
    expect(answer).toEqual({
      kind: "found",
      changes: [
        {
          principal: session,
          sessionIssuer: role,
          action: "AuthorizeSecurityGroupIngress",
          at: "2026-03-10T11:30:00.000Z",
          sourceIp: "203.0.113.9",
          userAgent: "console.amazonaws.com",
        },
      ],
    });
    const exchanges = double.exchanges.slice(before);
    // The SDK sends the target's short form; the model's full form is the same service and operation.
    expect(lookupEventsTarget).toBe("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
    expect(exchanges.map((e) => [e.target, e.status, e.problems])).toEqual([
      [lookupEventsShortTarget, 200, []],
      [lookupEventsShortTarget, 200, []],
    ]);
    expect(exchanges[0]?.request).toEqual({
      LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: sg }],
      StartTime: Date.parse("2026-03-10T11:00:00.000Z") / 1000,
      EndTime: Date.parse("2026-03-10T12:00:00.000Z") / 1000,
      MaxResults: 50,
    });
    expect(typeof (exchanges[0]?.response as { NextToken?: unknown }).NextToken).toBe("string");
    expect(exchanges[1]?.request).toMatchObject({
      NextToken: (exchanges[0]?.response as { NextToken: string }).NextToken,
    });
    expect(ctx.requests).toBe(2);
  });

  it("answers none when the window holds no write call", async () => {
    const quiet = { ...target, resourceId: "sg-00000000000000000" };
    expect(await noWait.lookup(quiet, context())).toEqual({ kind: "none" });
  });

  it("says throttled (try again later) on ThrottlingException and denied on AccessDeniedException", async () => {
    double.failNext("ThrottlingException");
    expect(await noWait.lookup(target, context())).toMatchObject({ kind: "failed", why: "throttled" });
    double.failNext("AccessDeniedException");
    const denied = await noWait.lookup(target, context());
    expect(denied).toMatchObject({ kind: "failed", why: "denied" });
    expect(denied.kind === "failed" && denied.reason).toContain("cloudtrail:LookupEvents");
  });

  it("is refused by the double when the request is signed with the wrong secret", async () => {
    const before = double.exchanges.length;
    const answer = await noWait.lookup(target, context({ secret: "not-the-secret" }));
    expect(answer).toMatchObject({ kind: "failed" });
    expect(double.exchanges.slice(before)[0]?.problems).toEqual(["SigV4: signature does not match"]);
  });

  it("says unreachable when nothing answers, and never asks without a request left in the budget", async () => {
    const closed = context();
    const env = { ...closed.env, AWS_ENDPOINT_URL_CLOUDTRAIL: "http://127.0.0.1:9" };
    expect(await noWait.lookup(target, { ...closed, env })).toMatchObject({ kind: "failed", why: "unreachable" });
    const before = double.exchanges.length;
    const spent = await noWait.lookup(target, context({ takeRequest: () => false }));
    expect(spent).toMatchObject({ kind: "failed", why: "budget" });
    expect(double.exchanges.length).toBe(before);
  });

  it("names what is missing when the stack has no region or no credentials", async () => {
    const noRegion = context({ config: async () => undefined });
    const region = await noWait.lookup(target, noRegion);
    expect(region.kind === "failed" ? region.reason : "").toContain("aws:region");
    const noKeys = context({ env: { AWS_ENDPOINT_URL_CLOUDTRAIL: double.endpoint } });
    const keys = await noWait.lookup(target, noKeys);
    expect(keys.kind === "failed" ? keys.reason : "").toContain("AWS_ACCESS_KEY_ID");
  });

  it("spaces requests to one account and region 500 ms apart (CloudTrail's 2 per second)", async () => {
    let clock = 0;
    const waits: number[] = [];
    const paced = cloudTrailSource({ nowMs: () => clock, sleep: async (ms) => void waits.push(ms) });
    await paced.lookup({ ...target, resourceId: "sg-00000000000000000" }, context());
    await paced.lookup({ ...target, resourceId: "sg-00000000000000000" }, context());
    clock = 2000;
    await paced.lookup({ ...target, resourceId: "sg-00000000000000000" }, context());
    expect(waits).toEqual([500]);
  });
});

describe("the CloudTrail service model check", () => {
  it(`comes from ${cloudTrailModel.source.split(",")[0]} and accepts what the double sends`, () => {
    expect(cloudTrailModel.metadata.targetPrefix).toBe("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");
    const page = { Events: [write], NextToken: "abc" };
    expect(checkShape(cloudTrailModel, "LookupEventsResponse", page)).toEqual([]);
  });

  it("rejects a malformed request: an unknown attribute key, too many results, an unknown member, a missing value", () => {
    const problems = checkShape(cloudTrailModel, "LookupEventsRequest", {
      LookupAttributes: [{ AttributeKey: "PrincipalArn" }],
      MaxResults: 51,
      Region: "eu-west-1",
    });
    expect(problems).toEqual([
      "$.LookupAttributes[0].AttributeValue: required by LookupAttribute, missing",
      expect.stringMatching(/^\$\.LookupAttributes\[0\]\.AttributeKey: "PrincipalArn" is not one of EventId, /),
      "$.MaxResults: value 51 is over the maximum 50",
      "$.Region: not a member of LookupEventsRequest",
    ]);
  });

  it("rejects a malformed answer: a time as text instead of epoch seconds, a list where a string belongs", () => {
    const bad = { Events: [{ ...write, EventTime: "2026-03-10T11:30:00Z", ReadOnly: [false] }] };
    expect(checkShape(cloudTrailModel, "LookupEventsResponse", bad)).toEqual([
      "$.Events[0].ReadOnly: expected a string (String)",
      "$.Events[0].EventTime: expected epoch seconds (Date)",
    ]);
  });
});
