// Messages for reconciler.yaml problems that a person can act on: which values are allowed,
// which keys exist, what was found. Used as zod's per-parse error map, so the messages written
// in config-schema.ts still win over these.
import { z } from "zod";
import { createRedactor, excerpt } from "./redact.js";

type RawIssue = z.core.$ZodRawIssue;

const typeNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** zod error map: a message for the issue, or undefined to keep zod's own. */
export function configIssueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${typeNames[issue.expected] ?? issue.expected} (got ${describeValue(issue.input)})`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")} (got ${describeValue(issue.input)})`;
    case "invalid_key":
      return `invalid key: ${issue.issues.map((inner) => inner.message).join("; ")}`;
    case "unrecognized_keys":
      return unknownKeysMessage(issue.keys, issue.inst);
    case "too_small":
      return boundMessage(issue.origin, "at least", issue.inclusive !== false, issue.minimum, issue.input);
    case "too_big":
      return boundMessage(issue.origin, "at most", issue.inclusive !== false, issue.maximum, issue.input);
    default:
      return undefined;
  }
}

/** `["stacks", 1, "policy", "mode"]` → `stacks[1].policy.mode`; `["env", "1x"]` → `env["1x"]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${text}[${JSON.stringify(name)}]`;
    return text === "" ? name : `${text}.${name}`;
  }, "");
}

function unknownKeysMessage(keys: string[], owner: unknown): string {
  const quoted = keys.map((key) => JSON.stringify(key)).join(", ");
  const noun = keys.length === 1 ? "key" : "keys";
  const allowed = owner instanceof z.ZodObject ? Object.keys(owner.shape) : [];
  return allowed.length > 0
    ? `unknown ${noun} ${quoted} (allowed: ${allowed.join(", ")})`
    : `unknown ${noun} ${quoted}`;
}

function boundMessage(
  origin: string,
  side: "at least" | "at most",
  inclusive: boolean,
  limit: unknown,
  input: unknown,
): string | undefined {
  const bound = inclusive ? side : side === "at least" ? "more than" : "less than";
  const got = ` (got ${describeValue(input)})`;
  if (origin === "number") return `must be ${bound} ${String(limit)}${got}`;
  if (origin === "array") return `must have ${bound} ${String(limit)} item${limit === 1 ? "" : "s"}`;
  if (origin === "string")
    return limit === 1 && side === "at least" ? "must not be empty" : `must be ${bound} ${String(limit)} characters`;
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  // A value put under the wrong key may be a credential: secrets known by their shape are
  // redacted before the value is shortened (no configured secret is known yet at this point).
  if (typeof value === "string") return JSON.stringify(excerpt(value, 60, createRedactor()));
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return typeof value;
}
