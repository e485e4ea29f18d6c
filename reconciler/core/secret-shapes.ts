// Secrets recognisable by their shape alone, wherever they appear: PEM blocks, GitHub and
// Pulumi tokens, AWS access key ids, secret access keys and session tokens. Each pattern is
// anchored on a fixed prefix or a token boundary, so matching stays linear in the text.
const mask = "[redacted]";

/** PEM: to its END line; a block cut off before it, to the end of its base64. */
const pemBlock = /-----BEGIN ([A-Z0-9 ]{1,40})-----(?:[\s\S]*?-----END \1-----|(?:[A-Za-z0-9+/=\s]|\\[rn])*)/g;

const shapes: RegExp[] = [
  // GitHub: personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_)
  /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,244}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_-])pul-[0-9a-f]{40}(?![0-9a-f])/g,
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other unique-id prefixes)
  /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  // AWS session tokens (STS): they start with the base64 of their own header
  /(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+=]{20,}/g,
  // An AWS secret access key: 40 characters of base64 with upper case, lower case and a digit
  // (hex digests such as commit ids have no upper case, so they stay).
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
];

export function redactSecretShapes(text: string): string {
  return shapes.reduce((acc, shape) => acc.replace(shape, mask), text.replace(pemBlock, mask));
}
