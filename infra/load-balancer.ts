import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { HTTPS_PORT, HTTP_PORT } from "./listener-ports.js";
import type { StandardTags } from "./tags.js";

export interface LoadBalancerArgs {
  readonly env: string;
  readonly vpcId: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly appPort: number;
  readonly certificateArn: string | undefined;
  readonly deletionProtection: boolean;
  /** Pulumi refuses to delete or replace the load balancer (`protect`) until the option is lifted. */
  readonly protect: boolean;
  /** The Strict-Transport-Security header the HTTPS listener adds to every response, if any. */
  readonly hsts: string | undefined;
  readonly accessLogs: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
  /** What must exist before access logging is turned on (the bucket's policy). */
  readonly dependsOn: readonly pulumi.Resource[];
  readonly tags: StandardTags;
}

export interface LoadBalancer {
  readonly alb: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly listeners: aws.lb.Listener[];
}

/**
 * TLS 1.3, and TLS 1.2 with forward-secret AEAD ciphers only (no CBC, no RSA key exchange), with
 * the post-quantum hybrid key exchange (ML-KEM) offered to clients that support it.
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/**
 * A public ALB forwarding to the app's target group. Without a certificate it serves HTTP on 80;
 * with one it serves HTTPS on 443 and port 80 only redirects there.
 */
export function createLoadBalancer(args: LoadBalancerArgs): LoadBalancer {
  const { env, tags } = args;
  const alb = new aws.lb.LoadBalancer(
    `${env}-alb`,
    {
      loadBalancerType: "application",
      internal: false,
      subnets: args.publicSubnetIds,
      securityGroups: [args.securityGroupId],
      enableDeletionProtection: args.deletionProtection,
      dropInvalidHeaderFields: true,
      accessLogs: { enabled: true, bucket: args.accessLogs.bucket, prefix: args.accessLogs.prefix },
      tags: { ...tags },
    },
    // The load balancer writes a test object when logging is turned on, and fails if it cannot.
    { dependsOn: [...args.dependsOn], protect: args.protect },
  );

  // Fargate tasks in awsvpc mode register by IP address.
  const targetGroup = new aws.lb.TargetGroup(`${env}-app-tg`, {
    targetType: "ip",
    protocol: "HTTP",
    port: args.appPort,
    vpcId: args.vpcId,
    deregistrationDelay: 30,
    healthCheck: { path: "/", matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
    tags: { ...tags },
  });

  const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
  if (args.certificateArn === undefined) {
    const http = new aws.lb.Listener(`${env}-http`, {
      loadBalancerArn: alb.arn,
      port: HTTP_PORT,
      protocol: "HTTP",
      defaultActions: forward,
      tags: { ...tags },
    });
    return { alb, targetGroup, listeners: [http] };
  }

  const https = new aws.lb.Listener(`${env}-https`, {
    loadBalancerArn: alb.arn,
    port: HTTPS_PORT,
    protocol: "HTTPS",
    sslPolicy: TLS_POLICY,
    certificateArn: args.certificateArn,
    defaultActions: forward,
    ...(args.hsts === undefined ? {} : { routingHttpResponseStrictTransportSecurityHeaderValue: args.hsts }),
    tags: { ...tags },
  });
  const redirect = new aws.lb.Listener(`${env}-http`, {
    loadBalancerArn: alb.arn,
    port: HTTP_PORT,
    protocol: "HTTP",
    defaultActions: [
      { type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } },
    ],
    tags: { ...tags },
  });
  return { alb, targetGroup, listeners: [https, redirect] };
}
