/**
 * Subnets per availability zone: one public (the load balancer, NAT) and one private (the tasks),
 * as infra/network.ts declares them.
 */
export const SUBNETS_PER_AZ = 2;

/** An Application Load Balancer needs a subnet of at least /27 in each zone it uses. */
export const LARGEST_ALB_SUBNET_PREFIX = 27;

function bitsFor(count: number): number {
  return Math.ceil(Math.log2(count));
}

/**
 * The prefix length of every subnet in awsx's "Auto" layout (subnet specs without a cidrMask): the
 * VPC range is split into a power-of-two number of equal blocks, one per zone, and each zone's block
 * into equal subnets. A /24 over 6 zones gives /28 subnets: 24 + 3 bits for the zones + 1 bit for
 * two subnets.
 */
export function autoSubnetPrefix(vpcPrefix: number, azCount: number, subnetsPerAz: number = SUBNETS_PER_AZ): number {
  return vpcPrefix + bitsFor(azCount) + bitsFor(subnetsPerAz);
}
