// Secrets recognisable by their shape alone, wherever they appear: PEM blocks, GitHub and
// Pulumi tokens, AWS access key ids, secret access keys and session tokens, and the password
// of a connection string written without a scheme (user:password@host). Every pattern is
// anchored on a fixed prefix or a token boundary and its repeats are bounded or cannot
// backtrack, so matching stays linear in the text; PEM blocks are paired by a scanner.
const mask = "[redacted]";

/** A PEM header or footer line. */
const pemMarker = /-----(BEGIN|END) ([A-Z0-9 ]{1,40})-----/g;
/** What follows a header whose END line is missing (a block cut off): its base64, escaped newlines too. */
const pemBody = /(?:[A-Za-z0-9+/=\s]|\\[rn])*/y;

/**
 * Each PEM block, from its BEGIN line to the next END line of the same label; a block without
 * one, to the end of its base64. One pass over the markers: linear however many there are.
 */
function redactPemBlocks(text: string): string {
  if (!text.includes("-----BEGIN ")) return text;
  const markers = [...text.matchAll(pemMarker)];
  // For each marker, the next END of the same label after it, found walking back from the end.
  const nextEnd: (RegExpExecArray | undefined)[] = new Array<RegExpExecArray | undefined>(markers.length);
  const lastEnd = new Map<string, RegExpExecArray>();
  for (let i = markers.length - 1; i >= 0; i -= 1) {
    const marker = markers[i] as RegExpExecArray;
    nextEnd[i] = lastEnd.get(marker[2] ?? "");
    if (marker[1] === "END") lastEnd.set(marker[2] ?? "", marker);
  }
  let out = "";
  let cursor = 0;
  markers.forEach((marker, i) => {
    if (marker[1] !== "BEGIN" || marker.index < cursor) return;
    const end = nextEnd[i];
    let stop: number;
    if (end) {
      stop = end.index + end[0].length;
    } else {
      pemBody.lastIndex = marker.index + marker[0].length;
      pemBody.exec(text);
      stop = pemBody.lastIndex;
    }
    out += text.slice(cursor, marker.index) + mask;
    cursor = stop;
  });
  return out + text.slice(cursor);
}

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

/**
 * A connection string without a scheme (`admin:S3cr3tP4ss@db:5432`): the user starts a word,
 * the password has no space, colon, slash or @, and a host follows. URLs with a scheme are
 * handled before (core/redact.ts); the user stays readable.
 */
const bareUserInfo = /(?<![\w.%+:/@\\-])([\w.%+-]{1,64}):[^\s:@/\\"'<>`]{1,256}@(?=[\w[])/g;

export function redactSecretShapes(text: string): string {
  const shaped = shapes.reduce((acc, shape) => acc.replace(shape, mask), redactPemBlocks(text));
  return shaped.replace(bareUserInfo, `$1:${mask}@`);
}
