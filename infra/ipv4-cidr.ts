/** An IPv4 CIDR block in network form, e.g. 10.0.0.0/16. */
export interface Ipv4Cidr {
  readonly address: string;
  readonly prefixLength: number;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/**
 * Parses "a.b.c.d/n". Returns undefined for anything else, including blocks with host bits set
 * (10.0.0.1/16): AWS expects the network address, and failing here names the config key instead of
 * failing half-way through a deployment.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const blockSize = 2 ** (32 - prefixLength);
  if (address % blockSize !== 0) {
    return undefined;
  }
  return { address: octets.join("."), prefixLength };
}
