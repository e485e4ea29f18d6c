// What a person's command approves: the drift the issue showed when its text was written, never
// whatever the reconciler sees when it reads it. A command counts only when its comment was
// written (GitHub's created_at and, after an edit, updated_at) at or after the time the shown drift
// was first shown, and, when it names a fingerprint (`/drift heal 3e1fa7`), only if that is the
// shown drift's. What the reconciler decided from a command is written in its answer's trailer
// (decisionMarker), so a run that starts with an empty disk reads the same decision back. Pure.

/** How many leading characters of a fingerprint people see and may name. */
export const shortFingerprintLength = 6;

export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, shortFingerprintLength);
}

/** A time in whole seconds (ISO 8601), as GitHub gives its timestamps. */
export function wholeSeconds(at: Date | string): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The drift an issue shows: its fingerprint and when it was first shown. */
export interface ShownDrift {
  fingerprint?: string;
  /** ISO 8601; undefined for an issue written before the time was kept (then nothing is older). */
  shown?: string;
}

/** One version of a command comment: when it was written and last changed, and the fingerprint it names. */
export interface CommandVersion {
  at: string;
  updatedAt: string;
  named?: string;
}

export type Binding =
  /** It counts, for this drift (undefined: the issue showed none, as for a stuck stack). */
  | { bound: true; fingerprint?: string }
  /** Written before the shown drift was shown: it was meant for an earlier one. */
  | { bound: false; why: "earlier-drift"; shown: string }
  /** It names a fingerprint that is not the shown drift's. */
  | { bound: false; why: "other-drift"; named: string };

const time = (iso: string) => new Date(iso).getTime();

export function bindCommand(version: CommandVersion, drift: ShownDrift): Binding {
  const { shown, fingerprint } = drift;
  if (shown !== undefined) {
    const written = Math.min(time(version.at), time(version.updatedAt));
    // Timestamps are compared in whole seconds: GitHub keeps no finer ones.
    if (!(written >= time(wholeSeconds(shown)))) return { bound: false, why: "earlier-drift", shown };
  }
  if (version.named !== undefined) {
    const named = version.named.toLowerCase();
    if (!fingerprint || !fingerprint.startsWith(named)) return { bound: false, why: "other-drift", named };
  }
  return fingerprint ? { bound: true, fingerprint } : { bound: true };
}

/** What the reconciler decided from one version of a command comment. */
export type Verdict = "applied" | "earlier-drift" | "other-drift" | "not-a-command" | "unchecked";

export interface CommandDecision {
  commentId: number;
  /** The version decided on: the comment's updated_at, whole seconds. */
  updatedAt: string;
  verdict: Verdict;
  /** Who wrote the command: a person gets one written reply an episode about commands that do not count. */
  author?: string;
  /** For "applied": the drift it was bound to. */
  fingerprint?: string;
}

const verdicts: readonly Verdict[] = ["applied", "earlier-drift", "other-drift", "not-a-command", "unchecked"];

const loginPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

/** The `command` marker of an answer's trailer: "<comment id>/<updated_at>/<verdict>[/<author>]". */
export function decisionMarker(decision: Omit<CommandDecision, "fingerprint">): string {
  const author = decision.author && loginPattern.test(decision.author) ? `/${decision.author}` : "";
  return `${decision.commentId}/${wholeSeconds(decision.updatedAt)}/${decision.verdict}${author}`;
}

/** The decision an answer's trailer records, or undefined when the marker is not one. */
export function readDecision(marker: string, fingerprint?: string): CommandDecision | undefined {
  const [id = "", updatedAt = "", verdict = "", author, ...rest] = marker.split("/");
  const known = verdicts.find((v) => v === verdict);
  if (rest.length > 0 || !known || !/^\d{1,15}$/.test(id) || Number.isNaN(time(updatedAt))) return undefined;
  if (author !== undefined && !loginPattern.test(author)) return undefined;
  const bound = known === "applied" && fingerprint && /^[0-9a-f]{6,64}$/.test(fingerprint) ? { fingerprint } : {};
  const by = author !== undefined ? { author } : {};
  return { commentId: Number(id), updatedAt: wholeSeconds(updatedAt), verdict: known, ...by, ...bound };
}
