/** A private ECR repository an image reference points into: the execution role may pull from it. */
export interface EcrRepository {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** `arn:aws…:ecr:<region>:<account>:repository/<name>`, in the registry's partition. */
  readonly arn: string;
}

// <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]
const PRIVATE_ECR =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(\.cn)?\/([a-z0-9][a-z0-9._/-]*?)(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/**
 * The private ECR repository of an image reference, or undefined for any other registry (ECR
 * Public, Docker Hub, …), which the execution role needs no permission to pull from.
 */
export function ecrRepositoryOf(image: string): EcrRepository | undefined {
  const match = PRIVATE_ECR.exec(image);
  if (!match) return undefined;
  const [, accountId = "", region = "", china, name = ""] = match;
  const partition = china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return { accountId, region, name, arn: `arn:${partition}:ecr:${region}:${accountId}:repository/${name}` };
}
