export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;

/**
 * The ports the public load balancer listens on. HTTP is always open: with a certificate it only
 * redirects to HTTPS, so plain-HTTP visitors land on the secure site instead of a timeout.
 */
export function listenerPorts(certificateArn: string | undefined): number[] {
  return certificateArn === undefined ? [HTTP_PORT] : [HTTP_PORT, HTTPS_PORT];
}
