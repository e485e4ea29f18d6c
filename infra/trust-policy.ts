import * as pulumi from "@pulumi/pulumi";

/** The account and region the stack deploys into, as the provider reports them. */
export interface AccountScope {
  readonly accountId: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
}

/**
 * A role trust policy for an AWS service principal that only holds when the service acts for this
 * account (`aws:SourceAccount`), and, given `sourceArn`, for the service's own resources in it
 * (`aws:SourceArn`): the guard AWS documents against the confused-deputy problem.
 */
export function serviceTrustPolicy(
  service: string,
  scope: AccountScope,
  sourceArn?: (accountId: string, region: string) => string,
): pulumi.Output<string> {
  return pulumi.all([scope.accountId, scope.region]).apply(([accountId, region]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: service },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ...(sourceArn === undefined ? {} : { ArnLike: { "aws:SourceArn": sourceArn(accountId, region) } }),
          },
        },
      ],
    }),
  );
}
