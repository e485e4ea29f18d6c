// parseInfraConfig: both stack files are valid, and each invalid value is rejected with a message that
// names the key and what it accepts.
import { describe, expect, it } from "vitest";
import { loadInfraConfig, parseInfraConfig } from "../../infra/config.js";
import { DEFAULT_IMAGE, DEFAULT_IMAGE_USER } from "../../infra/default-image.js";
import { readStackConfig } from "./support/stack-config.js";

const dev = readStackConfig("dev").values;
const VPC_CIDR_RULE = "vpcCidr must be a valid IPv4 CIDR between /16 and /24";
const CIDR_LIST_RULE = "albIngressCidrs must be a non-empty list of IPv4 CIDRs";
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

function parseDevWith(overrides: Record<string, unknown>): () => unknown {
  return () => parseInfraConfig({ ...dev, ...overrides }, "dev", "us-east-1");
}

describe("parseInfraConfig", () => {
  it.each(["dev", "prod"])("accepts the %s stack file as Pulumi passes it (values as text)", (env) => {
    const stackFile = readStackConfig(env);
    expect(() => parseInfraConfig(stackFile.values, env, stackFile.region)).not.toThrow();
  });

  it("reads the dev stack file into typed values", () => {
    expect(parseInfraConfig(dev, "dev")).toMatchObject({
      env: "dev",
      production: false,
      azCount: 2,
      natStrategy: "Single",
      vpcCidr: "10.10.0.0/16",
      albIngressCidrs: ["0.0.0.0/0"],
      appPort: 8080,
      minCount: 1,
      maxCount: 2,
      cpu: 256,
      memory: 512,
      deletionProtection: false,
      logRetentionDays: 14,
      image: DEFAULT_IMAGE,
      command: ["python", "-m", "http.server", "8080", "--directory", "/srv"],
    });
  });

  it("accepts native values as well as Pulumi's text encoding", () => {
    const native = { azCount: 2, natStrategy: "Single", vpcCidr: "10.10.0.0/16", albIngressCidrs: ["0.0.0.0/0"] };
    const text = { azCount: "2", natStrategy: "Single", vpcCidr: "10.10.0.0/16", albIngressCidrs: '["0.0.0.0/0"]' };
    expect(parseInfraConfig(native, "dev")).toEqual(parseInfraConfig(text, "dev"));
  });

  it("fills safe defaults for the optional keys", () => {
    const config = parseInfraConfig({ vpcCidr: "10.0.0.0/16", albIngressCidrs: ["10.0.0.0/8"] }, "qa");
    expect(config).toMatchObject({
      azCount: 2,
      natStrategy: "OnePerAz",
      appPort: 8080,
      minCount: 1,
      maxCount: 4,
      cpuTargetPercent: 60,
      cpu: 256,
      memory: 512,
      deletionProtection: true,
      image: DEFAULT_IMAGE,
      containerUser: DEFAULT_IMAGE_USER,
      readOnlyRootFilesystem: true,
      appEgress: [],
      production: false,
      logRetentionDays: 14,
      deployTimeoutMinutes: 15,
    });
    expect(config.certificateArn).toBeUndefined();
  });

  it("keeps another image's own command and user unless they are configured", () => {
    expect(parseInfraConfig({ ...dev, image: "nginx:1.27" }, "dev")).toMatchObject({
      command: undefined,
      containerUser: undefined,
    });
    expect(parseInfraConfig({ ...dev, image: "nginx:1.27", containerUser: "101:101" }, "dev").containerUser).toBe(
      "101:101",
    );
    const nginx = { ...dev, image: "nginx:1.27", command: '["nginx","-g","daemon off;"]' };
    expect(parseInfraConfig(nginx, "dev").command).toEqual(["nginx", "-g", "daemon off;"]);
  });

  it("accepts an ACM certificate ARN from the stack's region", () => {
    expect(parseDevWith({ certificateArn: CERTIFICATE_ARN })()).toMatchObject({ certificateArn: CERTIFICATE_ARN });
  });

  it("reads extra app egress rules from Pulumi's JSON text, defaulting the protocol to tcp", () => {
    const appEgress =
      '[{"port":5432,"cidr":"10.10.0.0/16","description":"Postgres"},{"protocol":"udp","port":123,"cidr":"10.10.0.0/16"}]';
    expect(parseInfraConfig({ ...dev, appEgress }, "dev").appEgress).toEqual([
      { protocol: "tcp", port: 5432, cidr: "10.10.0.0/16", description: "Postgres" },
      { protocol: "udp", port: 123, cidr: "10.10.0.0/16" },
    ]);
  });

  it.each([
    ["azCount below 2", { azCount: 1 }, "azCount must be an integer 2..6 (got 1)"],
    ["azCount above 6", { azCount: 7 }, "azCount must be an integer 2..6 (got 7)"],
    ["a fractional azCount", { azCount: "2.5" }, "azCount must be an integer 2..6 (got 2.5)"],
    ["a vpcCidr that is not a CIDR", { vpcCidr: "ten-dot-ten" }, `${VPC_CIDR_RULE} (got 'ten-dot-ten')`],
    ["a vpcCidr with an octet above 255", { vpcCidr: "10.300.0.0/16" }, `${VPC_CIDR_RULE} (got '10.300.0.0/16')`],
    ["a /8 vpcCidr", { vpcCidr: "10.0.0.0/8" }, `${VPC_CIDR_RULE} (got '10.0.0.0/8')`],
    ["a /28 vpcCidr", { vpcCidr: "10.0.0.0/28" }, `${VPC_CIDR_RULE} (got '10.0.0.0/28')`],
    ["a vpcCidr with host bits set", { vpcCidr: "10.10.0.1/16" }, `${VPC_CIDR_RULE} (got '10.10.0.1/16')`],
    [
      "a bad albIngressCidrs entry",
      { albIngressCidrs: '["0.0.0.0/0","x"]' },
      "albIngressCidrs[1] must be a valid IPv4 CIDR (got 'x')",
    ],
    ["an empty albIngressCidrs", { albIngressCidrs: [] }, `${CIDR_LIST_RULE} (got [])`],
    ["a single CIDR instead of a list", { albIngressCidrs: "0.0.0.0/0" }, `${CIDR_LIST_RULE} (got '0.0.0.0/0')`],
    ["appPort 0", { appPort: 0 }, "appPort must be an integer 1..65535 (got 0)"],
    ["appPort 70000", { appPort: "70000" }, "appPort must be an integer 1..65535 (got 70000)"],
    ["an unknown natStrategy", { natStrategy: "Triple" }, "natStrategy must be one of Single|OnePerAz (got 'Triple')"],
    [
      "natStrategy None (tasks need NAT)",
      { natStrategy: "None" },
      "natStrategy must be one of Single|OnePerAz (got 'None')",
    ],
    [
      "a minCount of 0 (no tasks, no CPU data to scale on)",
      { minCount: 0 },
      "minCount must be an integer 1..50 (got 0)",
    ],
    ["a maxCount above 50", { maxCount: 51 }, "maxCount must be an integer 1..50 (got 51)"],
    ["a cpuTargetPercent above 90", { cpuTargetPercent: 95 }, "cpuTargetPercent must be an integer 10..90 (got 95)"],
    ["desiredCount, which the autoscaler now owns", { desiredCount: 2 }, "unknown config key 'desiredCount'"],
    [
      "a cpu Fargate does not offer",
      { cpu: 300 },
      "cpu must be one of 256|512|1024|2048|4096|8192|16384 (Fargate CPU units) (got 300)",
    ],
    [
      "memory that does not fit the cpu",
      { cpu: 256, memory: 4096 },
      "memory must be one of 512|1024|2048 MiB for cpu 256 (got 4096)",
    ],
    [
      "memory off the cpu's steps",
      { cpu: "1024", memory: "2500" },
      "memory must be 2048..8192 MiB in steps of 1024 for cpu 1024 (got 2500)",
    ],
    [
      "a logRetentionDays CloudWatch refuses",
      { logRetentionDays: 10 },
      "logRetentionDays must be one of 1|3|5|7|14|30|60|90|120|150|180|365|400|",
    ],
    ["a production that is not a boolean", { production: "yes" }, "production must be true or false (got 'yes')"],
    [
      "a deployTimeoutMinutes below 5",
      { deployTimeoutMinutes: 1 },
      "deployTimeoutMinutes must be an integer 5..60 (got 1)",
    ],
    ["the root user by name", { containerUser: "root" }, "containerUser must be a non-root user"],
    ["the root user by uid", { containerUser: "0:0" }, "containerUser must be a non-root user: <uid>[:<gid>]"],
    [
      "a readOnlyRootFilesystem that is not a boolean",
      { readOnlyRootFilesystem: 1 },
      "readOnlyRootFilesystem must be true or false (got 1)",
    ],
    [
      "a deletionProtection that is not a boolean",
      { deletionProtection: "yes" },
      "deletionProtection must be true or false (got 'yes')",
    ],
    [
      "a certificateArn from IAM",
      { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" },
      "certificateArn must be an ACM certificate ARN",
    ],
    [
      "an image with spaces",
      { image: "python 3" },
      "image must be a container image reference without spaces (got 'python 3')",
    ],
    ["an empty command", { command: [] }, "command must be a non-empty list of strings (got [])"],
    ["appEgress that is not a list", { appEgress: "5432" }, "appEgress must be a list of egress rules"],
    ["an appEgress rule without a port", { appEgress: [{ cidr: "10.0.0.0/16" }] }, "appEgress[0].port is required"],
    [
      "an appEgress rule for all protocols",
      { appEgress: '[{"protocol":"-1","port":1,"cidr":"10.0.0.0/16"}]' },
      "appEgress[0].protocol must be one of tcp|udp (got -1)",
    ],
    [
      "an appEgress rule with a bad CIDR",
      { appEgress: [{ port: 5432, cidr: "10.0.0.0/33" }] },
      "appEgress[0].cidr must be a valid IPv4 CIDR (got '10.0.0.0/33')",
    ],
    [
      "an appEgress rule with an unknown key",
      { appEgress: [{ port: 5432, cidr: "10.0.0.0/16", ports: [1] }] },
      "unknown key in appEgress[0] 'ports': known keys are protocol, port, cidr, description",
    ],
    ["a misspelt key", { azcount: 3 }, "unknown config key 'azcount': known keys are azCount, natStrategy,"],
    ["a missing vpcCidr", { vpcCidr: undefined }, "vpcCidr is required and must be a valid IPv4 CIDR"],
  ])("rejects %s", (_case, overrides, message) => {
    expect(parseDevWith(overrides)).toThrow(message);
  });

  it("rejects a stack name that cannot prefix AWS resource names", () => {
    expect(() => parseInfraConfig(dev, "Prod_EU")).toThrow("stack name must be 1..12 lowercase letters, digits or '-'");
  });

  it("lists every problem in one error, and says where to fix them", () => {
    let message = "";
    try {
      parseInfraConfig({ ...dev, azCount: 9, appPort: 0, natStrategy: "Maybe" }, "dev");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Pulumi.dev.yaml");
    expect(message).toContain("pulumi config set <key> <value> --stack dev");
    expect(message.split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      "  - azCount must be an integer 2..6 (got 9)",
      "  - natStrategy must be one of Single|OnePerAz (got 'Maybe')",
      "  - appPort must be an integer 1..65535 (got 0)",
    ]);
  });
});

describe("loadInfraConfig", () => {
  it("reads only the project's keys from the stack config, leaving provider keys alone", () => {
    const { project, allConfig } = readStackConfig("prod");
    expect(allConfig).toHaveProperty("aws:region");
    expect(loadInfraConfig(project, "prod", allConfig)).toMatchObject({
      env: "prod",
      azCount: 3,
      deletionProtection: true,
      production: true,
      logRetentionDays: 365,
    });
  });

  it("reports a misspelt project key instead of silently using a default", () => {
    const { project, allConfig } = readStackConfig("dev");
    expect(() => loadInfraConfig(project, "dev", { ...allConfig, [`${project}:desiredcount`]: "2" })).toThrow(
      "unknown config key 'desiredcount'",
    );
  });
});
