// The checks that catch, before any deployment, values AWS would refuse half-way through one, and
// what a production stack must have. Each message names the key to change.
import { describe, expect, it } from "vitest";
import { loadInfraConfig, parseInfraConfig } from "../../infra/config.js";
import { DEFAULT_IMAGE, DEFAULT_IMAGE_USER } from "../../infra/default-image.js";
import { autoSubnetPrefix } from "../../infra/subnet-layout.js";
import { readStackConfig } from "./support/stack-config.js";

const dev = readStackConfig("dev").values;
const prod = readStackConfig("prod");
const REGION = "us-east-1";
const certificateIn = (region: string) =>
  `arn:aws:acm:${region}:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const DIGEST = `sha256:${"a1".repeat(32)}`;

function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    return (error as Error).message.split("\n").filter((line) => line.startsWith("  - "));
  }
  return [];
}

describe("the stack name", () => {
  it.each(["sg", "sg-eu"])("rejects %s, which would name a security group 'sg-…' that EC2 refuses", (env) => {
    expect(problemsOf(() => parseInfraConfig(dev, env, REGION))).toEqual([
      `  - stack name must not be 'sg' or start with 'sg-': EC2 refuses security group names that start with 'sg-', ` +
        `and this one would be '${env}-alb-sg' (got '${env}')`,
    ]);
  });

  it("accepts a name that only starts with the letters sg", () => {
    expect(() => parseInfraConfig(dev, "sgp", REGION)).not.toThrow();
  });
});

describe("subnet size against the number of availability zones", () => {
  it("computes the subnet size awsx's Auto layout gives: a /24 over 6 zones is cut into /28 subnets", () => {
    expect(autoSubnetPrefix(24, 6)).toBe(28);
    expect(autoSubnetPrefix(24, 4)).toBe(27);
    expect(autoSubnetPrefix(16, 3)).toBe(19);
  });

  it("rejects a /24 VPC over 6 zones, naming vpcCidr, azCount and the largest VPC that fits", () => {
    expect(problemsOf(() => parseInfraConfig({ ...dev, vpcCidr: "10.0.0.0/24", azCount: 6 }, "dev", REGION))).toEqual([
      "  - vpcCidr must be /23 or larger for azCount 6: its subnets would be /28, below the /27 a load balancer " +
        "needs (got '10.0.0.0/24'; or lower azCount)",
    ]);
  });

  it.each([
    ["a /24 over 4 zones (/27 subnets)", "10.0.0.0/24", 4],
    ["a /23 over 6 zones (/27 subnets)", "10.0.0.0/23", 6],
  ])("accepts %s", (_case, vpcCidr, azCount) => {
    expect(() => parseInfraConfig({ ...dev, vpcCidr, azCount }, "dev", REGION)).not.toThrow();
  });
});

describe("the certificate's region", () => {
  it("rejects a certificate from another region than aws:region, as ACM certificates are regional", () => {
    const values = { ...dev, certificateArn: certificateIn("eu-west-1") };
    expect(problemsOf(() => parseInfraConfig(values, "dev", REGION))).toEqual([
      "  - certificateArn must be an ACM certificate in aws:region us-east-1, as certificates are regional " +
        "(got one in eu-west-1)",
    ]);
  });

  it("requires aws:region when a certificate is set, so the region can be checked", () => {
    const values = { ...dev, certificateArn: certificateIn(REGION) };
    expect(problemsOf(() => parseInfraConfig(values, "dev", undefined))).toEqual([
      "  - aws:region is required when certificateArn is set, to check the certificate is in the stack's region",
    ]);
  });

  it("reads aws:region from the stack config: the prod file moved to eu-west-1 fails on its certificate", () => {
    const allConfig = { ...prod.allConfig, "aws:region": "eu-west-1" };
    expect(() => loadInfraConfig(prod.project, "prod", allConfig)).toThrow(
      "certificateArn must be an ACM certificate in aws:region eu-west-1",
    );
  });
});

describe("a production stack", () => {
  const production = { ...dev, production: true, certificateArn: certificateIn(REGION), image: `nginx@${DIGEST}` };

  it("requires a certificate: it serves HTTPS only", () => {
    expect(problemsOf(() => parseInfraConfig({ ...production, certificateArn: undefined }, "dev", REGION))).toEqual([
      "  - certificateArn is required when production is true: a production stack serves HTTPS only",
    ]);
  });

  it("requires an image pinned by digest, including the default image", () => {
    expect(problemsOf(() => parseInfraConfig({ ...production, image: DEFAULT_IMAGE }, "dev", REGION))).toEqual([
      "  - image must be pinned by digest (<repository>@sha256:<64 hex digits>) when production is true " +
        `(got '${DEFAULT_IMAGE}')`,
    ]);
  });

  it("keeps logs for 365 days unless logRetentionDays says otherwise", () => {
    expect(parseInfraConfig({ ...production, logRetentionDays: undefined }, "dev", REGION).logRetentionDays).toBe(365);
    expect(parseInfraConfig({ ...production, logRetentionDays: 30 }, "dev", REGION).logRetentionDays).toBe(30);
  });

  it("gives the default image pinned by digest the default image's command and non-root user", () => {
    const config = parseInfraConfig({ ...production, image: `${DEFAULT_IMAGE}@${DIGEST}` }, "dev", REGION);
    expect(config.command).toEqual(["python", "-m", "http.server", "8080", "--directory", "/srv"]);
    expect(config.containerUser).toBe(DEFAULT_IMAGE_USER);
  });

  it("lets a stack that is not production serve HTTP only, with the image by tag", () => {
    const config = parseInfraConfig(dev, "dev", REGION);
    expect(config).toMatchObject({ production: false, image: DEFAULT_IMAGE });
    expect(config.certificateArn).toBeUndefined();
  });
});

describe("the autoscaler's bounds", () => {
  it("rejects a maxCount below minCount", () => {
    expect(problemsOf(() => parseInfraConfig({ ...dev, minCount: 3, maxCount: 2 }, "dev", REGION))).toEqual([
      "  - maxCount must be at least minCount 3 (got 2)",
    ]);
  });
});

it("reports the checks across keys together with a bad value elsewhere", () => {
  const values = {
    ...dev,
    appPort: 0,
    vpcCidr: "10.0.0.0/24",
    azCount: 6,
    minCount: 5,
    maxCount: 1,
    production: true,
    certificateArn: certificateIn("eu-west-1"),
  };
  expect(problemsOf(() => parseInfraConfig(values, "sg", REGION))).toEqual([
    expect.stringContaining("stack name must not be 'sg'"),
    "  - appPort must be an integer 1..65535 (got 0)",
    expect.stringContaining("vpcCidr must be /23 or larger for azCount 6"),
    "  - maxCount must be at least minCount 5 (got 1)",
    expect.stringContaining("image must be pinned by digest"),
    expect.stringContaining("certificateArn must be an ACM certificate in aws:region us-east-1"),
  ]);
});
