// Pure, per-property differences between two resource states, with secrets masked.
// The engine masks secret values in its events as a signature object; we turn each into
// the string "[secret]" before comparing, so no secret value can reach a report.
import { isDeepStrictEqual } from "node:util";
import type { PropertyDiff } from "./drift-report.js";

export const secretMask = "[secret]";
const secretSigKey = "4dabf18193072939515e22adb298388d";
const secretSigValue = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[secretSigKey] === secretSigValue;
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

function walk(cloud: unknown, code: unknown, path: string, out: PropertyDiff[], secret: ReadonlySet<string>): void {
  if (isDeepStrictEqual(cloud, code)) return;
  if (secret.has(path)) {
    out.push({ path, cloud: secretMask, code: secretMask });
    return;
  }
  if (isPlainObject(cloud) && isPlainObject(code)) {
    for (const key of new Set([...Object.keys(code), ...Object.keys(cloud)])) walk(cloud[key], code[key], join(path, key), out, secret);
    return;
  }
  if (Array.isArray(cloud) && Array.isArray(code)) {
    for (let i = 0; i < Math.max(cloud.length, code.length); i++) walk(cloud[i], code[i], join(path, i), out, secret);
    return;
  }
  const diff: PropertyDiff = { path };
  if (cloud !== undefined) diff.cloud = cloud;
  if (code !== undefined) diff.code = code;
  out.push(diff);
}

/** Paths of masked secrets in a (masked) value. */
export function secretPaths(value: unknown, path = ""): string[] {
  if (value === secretMask) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, join(path, i)));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => secretPaths(v, join(path, k)));
  return [];
}

/**
 * Differences between what the cloud has and what the code wants, leaf by leaf.
 * `alsoSecret` names paths known to be secret elsewhere (e.g. in the outputs): a difference
 * there is reported as "[secret]" on both sides, because inputs read back from a cloud can
 * hold a secret in plain text.
 * When the engine says the resource changed but only masked secrets could differ,
 * those secret paths are reported, each as "[secret]" on both sides.
 */
export function diffProperties(cloud: unknown, code: unknown, engineSaysChanged = false, alsoSecret: readonly string[] = []): PropertyDiff[] {
  const maskedCloud = maskSecrets(cloud ?? {});
  const maskedCode = maskSecrets(code ?? {});
  const diffs: PropertyDiff[] = [];
  walk(maskedCloud, maskedCode, "", diffs, new Set(alsoSecret));
  if (diffs.length === 0 && engineSaysChanged) {
    const paths = new Set([...secretPaths(maskedCloud), ...secretPaths(maskedCode)]);
    return [...paths].map((path) => ({ path, cloud: secretMask, code: secretMask }));
  }
  return diffs;
}
