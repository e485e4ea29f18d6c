import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StandardTags } from "./tags.js";

export interface AccessLogBucketArgs {
  readonly env: string;
  readonly accountId: pulumi.Input<string>;
  readonly retentionDays: number;
  /** Empty the bucket on `pulumi destroy` (disposable stacks); otherwise a destroy stops at it. */
  readonly forceDestroy: boolean;
  /** Refuse to delete the bucket at all (`protect`) until the option is lifted. */
  readonly protect: boolean;
  readonly tags: StandardTags;
}

export interface AccessLogBucket {
  readonly bucket: aws.s3.Bucket;
  /** The key prefix the load balancer writes under. */
  readonly prefix: string;
  /** The load balancer checks it can write when access logs are turned on, so it waits for these. */
  readonly ready: pulumi.Resource[];
}

const PREFIX = "alb";

/**
 * The policy AWS documents for ALB access logs in regions opened before August 2022 (us-east-1 among
 * them): the region's Elastic Load Balancing account may put objects under
 * `<prefix>/AWSLogs/<account>/`, and nothing else. Requests without TLS are refused for everyone.
 */
function bucketPolicy(bucketArn: pulumi.Input<string>, accountId: pulumi.Input<string>): pulumi.Output<string> {
  const elbAccount = aws.elb.getServiceAccountOutput().arn;
  return pulumi.all([bucketArn, accountId, elbAccount]).apply(([bucket, account, elb]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LoadBalancerWritesAccessLogs",
          Effect: "Allow",
          Principal: { AWS: elb },
          Action: "s3:PutObject",
          Resource: `${bucket}/${PREFIX}/AWSLogs/${account}/*`,
        },
        {
          Sid: "DenyWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucket, `${bucket}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    }),
  );
}

/**
 * A private bucket for the load balancer's access logs: owner-enforced objects, no public access,
 * SSE-S3 encryption (the only kind ALB log delivery supports) and objects expiring after
 * `retentionDays`.
 */
export function createAccessLogBucket(args: AccessLogBucketArgs): AccessLogBucket {
  const { env, tags } = args;
  const name = `${env}-alb-logs`;
  const bucket = new aws.s3.Bucket(
    name,
    { forceDestroy: args.forceDestroy, tags: { ...tags } },
    { protect: args.protect },
  );
  const ownership = new aws.s3.BucketOwnershipControls(name, {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  const publicAccess = new aws.s3.BucketPublicAccessBlock(name, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(name, {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
  new aws.s3.BucketLifecycleConfiguration(name, {
    bucket: bucket.id,
    rules: [
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: args.retentionDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ],
  });
  // After the public access block: S3 refuses concurrent changes to a bucket's policy and its block.
  const policy = new aws.s3.BucketPolicy(
    name,
    { bucket: bucket.id, policy: bucketPolicy(bucket.arn, args.accountId) },
    { dependsOn: [publicAccess] },
  );
  return { bucket, prefix: PREFIX, ready: [ownership, encryption, policy] };
}
