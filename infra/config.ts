import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { crossFieldProblems, stackNameProblems, type CheckedValues } from "./config-checks.js";
import {
  booleanField,
  choiceField,
  cidrField,
  cidrListField,
  containerUserField,
  egressRulesField,
  fargateCpuField,
  integerField,
  retentionDaysField,
  textField,
  wordListField,
} from "./config-fields.js";
import { DEFAULT_IMAGE, defaultCommand, defaultUser } from "./default-image.js";
import { projectConfigValues } from "./project-config-values.js";
import { showValue } from "./show-value.js";

const ACM_CERTIFICATE_ARN =
  /^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

// "None" is deliberately not offered: the tasks run in private subnets and need a NAT gateway to pull
// their image and ship logs.
const natGatewayStrategies = {
  Single: awsx.ec2.NatGatewayStrategy.Single,
  OnePerAz: awsx.ec2.NatGatewayStrategy.OnePerAz,
} as const;

/** Log retention when `logRetentionDays` is unset: a year of evidence in production, two weeks elsewhere. */
const DEFAULT_RETENTION_DAYS = { production: 365, other: 14 } as const;

// Defaults are the safe choice where one exists (deletion protection on, a NAT gateway per AZ, a
// read-only root filesystem). The network range and who may reach the load balancer have no safe
// default, so they must be set.
const fields = {
  azCount: integerField(2, 6).default(2),
  natStrategy: choiceField(["Single", "OnePerAz"]).default("OnePerAz"),
  vpcCidr: cidrField(16, 24),
  albIngressCidrs: cidrListField(),
  appPort: integerField(1, 65535).default(8080),
  minCount: integerField(1, 50).default(1),
  maxCount: integerField(1, 50).default(4),
  cpuTargetPercent: integerField(10, 90).default(60),
  cpu: fargateCpuField().default(256),
  memory: integerField(512, 122880).default(512),
  deletionProtection: booleanField().default(true),
  image: textField("a container image reference without spaces", /^\S+$/).default(DEFAULT_IMAGE),
  command: wordListField().optional(),
  containerUser: containerUserField().optional(),
  readOnlyRootFilesystem: booleanField().default(true),
  appEgress: egressRulesField().default([]),
  certificateArn: textField(
    "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
    ACM_CERTIFICATE_ARN,
  ).optional(),
  production: booleanField().default(false),
  logRetentionDays: retentionDaysField().optional(),
  deployTimeoutMinutes: integerField(5, 60).default(15),
};

// Defaults that depend on other keys: the default image's command and user, and the retention.
const infraConfigSchema = z.strictObject(fields).transform((values) => ({
  ...values,
  natStrategy: natGatewayStrategies[values.natStrategy],
  command: values.command ?? defaultCommand(values.image, values.appPort),
  containerUser: values.containerUser ?? defaultUser(values.image),
  logRetentionDays:
    values.logRetentionDays ?? (values.production ? DEFAULT_RETENTION_DAYS.production : DEFAULT_RETENTION_DAYS.other),
}));

/** The validated settings of one stack; every difference between environments is a value in here. */
export type InfraConfig = Readonly<z.output<typeof infraConfigSchema> & { env: string }>;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length === 0 ? "config key" : `key in ${describePath(issue.path)}`;
    return `unknown ${where} ${issue.keys.map(showValue).join(", ")}: known keys are ${knownKeys(issue.path)}`;
  }
  const path = describePath(issue.path);
  return issue.input === undefined
    ? `${path} is required and must be ${issue.message}`
    : `${path} must be ${issue.message} (got ${showValue(issue.input)})`;
}

/** `["appEgress", 1, "port"]` → `appEgress[1].port`, the way the stack file nests it. */
function describePath(path: readonly PropertyKey[]): string {
  const [key = "config", ...rest] = path.map(String);
  return key + rest.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join("");
}

function knownKeys(path: readonly PropertyKey[]): string {
  return path.length === 0 ? Object.keys(fields).join(", ") : "protocol, port, cidr, description";
}

function valueOf<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  const result = schema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** Each field on its own, so the checks across keys still run when an unrelated key is bad. */
function checkedValues(raw: Record<string, unknown>): CheckedValues {
  return {
    production: valueOf(fields.production, raw.production),
    azCount: valueOf(fields.azCount, raw.azCount),
    vpcCidr: valueOf(fields.vpcCidr, raw.vpcCidr),
    cpu: valueOf(fields.cpu, raw.cpu),
    memory: valueOf(fields.memory, raw.memory),
    minCount: valueOf(fields.minCount, raw.minCount),
    maxCount: valueOf(fields.maxCount, raw.maxCount),
    image: valueOf(fields.image, raw.image),
    certificateArn: valueOf(fields.certificateArn, raw.certificateArn),
  };
}

/**
 * Validates one stack's config values (keys without the project prefix) for the stack `env` in
 * `region` (its `aws:region`). Throws one Error that lists every problem, each naming the key and
 * what it accepts.
 */
export function parseInfraConfig(raw: Record<string, unknown>, env: string, region?: string): InfraConfig {
  const result = infraConfigSchema.safeParse(raw, { reportInput: true });
  const problems = [
    ...stackNameProblems(env),
    ...(result.success ? [] : result.error.issues.map(describeIssue)),
    ...crossFieldProblems(checkedValues(raw), { env, region }),
  ];
  if (!result.success || problems.length > 0) {
    throw new Error(
      `invalid config for stack '${env}' ` +
        `(fix it in Pulumi.${env}.yaml or with \`pulumi config set <key> <value> --stack ${env}\`):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
  }
  return { ...result.data, env };
}

/**
 * Reads the running stack's config once. All project keys are read (not only known ones) so that a
 * typo such as `azcount` is reported instead of silently falling back to a default; `aws:region`
 * is read for the checks that depend on the region.
 */
export function loadInfraConfig(
  project: string = pulumi.getProject(),
  stack: string = pulumi.getStack(),
  allConfig: Readonly<Record<string, string>> = pulumi.runtime.allConfig(),
): InfraConfig {
  return parseInfraConfig(projectConfigValues(allConfig, project), stack, allConfig["aws:region"]);
}
