import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Resource types the program creates whose inputs accept `tags`. */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "awsx:ec2:Vpc",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:lb/listener:Listener",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecs/service:Service",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:iam/role:Role",
  "aws:ec2/flowLog:FlowLog",
  "aws:s3/bucket:Bucket",
  "aws:appautoscaling/target:Target",
]);

/** Resource types the program creates that cannot carry tags. */
export const UNTAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:appautoscaling/policy:Policy",
]);

const PACKAGES: Readonly<Record<string, string>> = { aws: "@pulumi/aws", awsx: "@pulumi/awsx" };

/**
 * Whether the SDK's `<Type>Args` interface has a `tags` input, read from the installed package's
 * type declarations ("aws:ecs/service:Service" → @pulumi/aws/ecs/service.d.ts, "awsx:ec2:Vpc" →
 * @pulumi/awsx/ec2/vpc.d.ts). Lets a test check the hand-written lists against the provider schema.
 */
export function argsAcceptTags(type: string): boolean {
  const [pkg = "", module = "", className = ""] = type.split(":");
  const packageName = PACKAGES[pkg];
  if (packageName === undefined) {
    throw new Error(`no SDK package known for resource type ${type}`);
  }
  const file = module.includes("/") ? module : `${module}/${className.charAt(0).toLowerCase()}${className.slice(1)}`;
  const packageRoot = dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`));
  const declarations = readFileSync(join(packageRoot, `${file}.d.ts`), "utf8");
  const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(declarations);
  if (args?.[1] === undefined) {
    throw new Error(`no ${className}Args interface in ${packageName}/${file}.d.ts`);
  }
  return /^\s+tags\?:/m.test(args[1]);
}
