import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  booleanField,
  choiceField,
  cidrField,
  cidrListField,
  fargateCpuField,
  integerField,
  textField,
  wordListField,
} from "./config-fields.js";
import { fargateSizes } from "./fargate-sizes.js";
import { projectConfigValues } from "./project-config-values.js";

/** Small, public and able to serve HTTP with nothing but its standard library. */
export const DEFAULT_IMAGE = "public.ecr.aws/docker/library/python:3.12-slim";

const ACM_CERTIFICATE_ARN =
  /^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;
const STACK_NAME = /^[a-z][a-z0-9-]{0,11}$/;

// "None" is deliberately not offered: the tasks run in private subnets and need a NAT gateway to pull
// their image and ship logs.
const natGatewayStrategies = {
  Single: awsx.ec2.NatGatewayStrategy.Single,
  OnePerAz: awsx.ec2.NatGatewayStrategy.OnePerAz,
} as const;

// Defaults are the safe choice where one exists (deletion protection on, a NAT gateway per AZ).
// The network range and who may reach the load balancer have no safe default, so they must be set.
const fields = {
  azCount: integerField(2, 6).default(2),
  natStrategy: choiceField(["Single", "OnePerAz"]).default("OnePerAz"),
  vpcCidr: cidrField(16, 24),
  albIngressCidrs: cidrListField(),
  appPort: integerField(1, 65535).default(8080),
  desiredCount: integerField(0, 10).default(1),
  cpu: fargateCpuField().default(256),
  memory: integerField(512, 122880).default(512),
  deletionProtection: booleanField().default(true),
  image: textField("a container image reference without spaces", /^\S+$/).default(DEFAULT_IMAGE),
  command: wordListField().optional(),
  certificateArn: textField(
    "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
    ACM_CERTIFICATE_ARN,
  ).optional(),
};

// The default command belongs to the default image: another image keeps its own CMD unless
// `command` is set. `--directory /srv` serves an empty directory, never the container's filesystem.
const infraConfigSchema = z.strictObject(fields).transform((values) => ({
  ...values,
  natStrategy: natGatewayStrategies[values.natStrategy],
  command:
    values.command ??
    (values.image === DEFAULT_IMAGE
      ? ["python", "-m", "http.server", String(values.appPort), "--directory", "/srv"]
      : undefined),
}));

/** The validated settings of one stack; every difference between environments is a value in here. */
export type InfraConfig = Readonly<z.output<typeof infraConfigSchema> & { env: string }>;

// Pulumi passes `azCount: 7` as the text "7"; show it as 7, the way the user wrote it.
function show(value: unknown): string {
  if (typeof value === "string") {
    return /^(-?\d+(\.\d+)?|true|false)$/.test(value) ? value : `'${value}'`;
  }
  return JSON.stringify(value) ?? String(value);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown config key ${issue.keys.map(show).join(", ")}: known keys are ${Object.keys(fields).join(", ")}`;
  }
  const [key = "config", ...rest] = issue.path.map(String);
  const path = key + rest.map((index) => `[${index}]`).join("");
  return issue.input === undefined
    ? `${path} is required and must be ${issue.message}`
    : `${path} must be ${issue.message} (got ${show(issue.input)})`;
}

function describeMemoryChoices(choices: readonly number[]): string {
  const [first, second] = choices;
  const last = choices.at(-1);
  return choices.length <= 3 || first === undefined || second === undefined
    ? `one of ${choices.join("|")} MiB`
    : `${first}..${last} MiB in steps of ${second - first}`;
}

/** CPU and memory are valid only in pairs; checked on their own so all problems are reported together. */
function taskSizeProblems(raw: Record<string, unknown>): string[] {
  const cpu = fields.cpu.safeParse(raw.cpu);
  const memory = fields.memory.safeParse(raw.memory);
  const choices = cpu.success ? fargateSizes.get(cpu.data) : undefined;
  if (!cpu.success || !memory.success || choices === undefined || choices.includes(memory.data)) {
    return [];
  }
  return [`memory must be ${describeMemoryChoices(choices)} for cpu ${cpu.data} (got ${memory.data})`];
}

function envProblems(env: string): string[] {
  return STACK_NAME.test(env)
    ? []
    : [
        "stack name must be 1..12 lowercase letters, digits or '-', starting with a letter, " +
          `as it prefixes AWS resource names (got ${show(env)})`,
      ];
}

/**
 * Validates one stack's config values (keys without the project prefix). Throws one Error that lists
 * every problem, each naming the key and what it accepts.
 */
export function parseInfraConfig(raw: Record<string, unknown>, env: string): InfraConfig {
  const result = infraConfigSchema.safeParse(raw, { reportInput: true });
  const problems = [
    ...envProblems(env),
    ...(result.success ? [] : result.error.issues.map(describeIssue)),
    ...taskSizeProblems(raw),
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
 * typo such as `azcount` is reported instead of silently falling back to a default.
 */
export function loadInfraConfig(
  project: string = pulumi.getProject(),
  stack: string = pulumi.getStack(),
  allConfig: Readonly<Record<string, string>> = pulumi.runtime.allConfig(),
): InfraConfig {
  return parseInfraConfig(projectConfigValues(allConfig, project), stack);
}
