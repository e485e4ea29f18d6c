// Pure, per-property differences between two resource states, with secrets masked.
// The engine masks secret values in its events as a signature object; we turn each into
// the string "[secret]" before comparing, so no secret value can reach a report.
import { isDeepStrictEqual } from "node:util";

const secretMask = "[secret]";
const secretSigKey = "4dabf18193072939515e22adb298388d";
const secretSigValue = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[secretSigKey] === secretSigValue
  );
}

/** Replaces every secret (at any depth) by "[secret]". */
export function maskSecrets(value: unknown): unknown {
  if (isSecretValue(value)) return secretMask;
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? safe : `${path}.${safe}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One leaf that differs: its value before (the last deployed state) and after (cloud or code). */
interface ValueChange {
  path: string;
  /** Absent when the property did not exist before. */
  before?: unknown;
  /** Absent when the property no longer exists. */
  after?: unknown;
}

function walk(before: unknown, after: unknown, path: string, out: ValueChange[], secret: ReadonlySet<string>): void {
  if (isDeepStrictEqual(before, after)) return;
  if (secret.has(path)) {
    out.push({ path, before: secretMask, after: secretMask });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
      walk(before[key], after[key], join(path, key), out, secret);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      walk(before[i], after[i], join(path, i), out, secret);
    return;
  }
  const change: ValueChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/** Paths of masked secrets in a (masked) value. */
export function secretPaths(value: unknown, path = ""): string[] {
  if (value === secretMask) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, join(path, i)));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => secretPaths(v, join(path, k)));
  return [];
}

/**
 * Differences between two states of a resource, leaf by leaf: `before` is the last deployed
 * state, `after` what the cloud has now (drift) or what the program declares (pending).
 * `alsoSecret` names paths known to be secret elsewhere (e.g. in the outputs): a difference
 * there is reported as "[secret]" on both sides, because inputs read back from a cloud can
 * hold a secret in plain text.
 * When the engine says the resource changed but only masked secrets could differ,
 * those secret paths are reported, each as "[secret]" on both sides.
 */
export function diffProperties(
  before: unknown,
  after: unknown,
  engineSaysChanged = false,
  alsoSecret: readonly string[] = [],
): ValueChange[] {
  const maskedBefore = maskSecrets(before ?? {});
  const maskedAfter = maskSecrets(after ?? {});
  const changes: ValueChange[] = [];
  walk(maskedBefore, maskedAfter, "", changes, new Set(alsoSecret));
  if (changes.length === 0 && engineSaysChanged) {
    const paths = new Set([...secretPaths(maskedBefore), ...secretPaths(maskedAfter)]);
    return [...paths].map((path) => ({ path, before: secretMask, after: secretMask }));
  }
  return changes;
}
