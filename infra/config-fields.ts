// Field validators for the stack config. Each issue's message is the rule the value breaks
// ("an integer 2..6"); parseInfraConfig turns it into "<key> must be <rule> (got <value>)".
//
// Pulumi hands every config value to the program as text ("2", "true", '["0.0.0.0/0"]'), while tests
// and tools may pass native values; every field accepts both.
import { z } from "zod";
import { fargateSizes } from "./fargate-sizes.js";
import { parseIpv4Cidr } from "./ipv4-cidr.js";

type Decode<T> = (raw: unknown) => T | undefined;

/** A field that accepts a value when `decode` returns something, and otherwise reports `rule`. */
function field<T>(rule: string, decode: Decode<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const value = raw === undefined ? undefined : decode(raw);
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: rule, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

function numberFrom(raw: unknown): number | undefined {
  if (typeof raw === "number") {
    return raw;
  }
  return typeof raw === "string" && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
}

function listFrom(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) {
    return raw as unknown[];
  }
  if (typeof raw !== "string" || !raw.trimStart().startsWith("[")) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    // Not JSON: the caller reports the original text against the rule.
    return undefined;
  }
}

export function integerField(min: number, max: number) {
  return field(`an integer ${min}..${max}`, (raw) => {
    const value = numberFrom(raw);
    return value !== undefined && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
  });
}

export function choiceField<const T extends string>(choices: readonly T[]) {
  return field(`one of ${choices.join("|")}`, (raw) => choices.find((choice) => choice === raw));
}

export function booleanField() {
  return field("true or false", (raw) => {
    if (typeof raw === "boolean") {
      return raw;
    }
    return raw === "true" ? true : raw === "false" ? false : undefined;
  });
}

export function textField(rule: string, pattern: RegExp) {
  return field(rule, (raw) => (typeof raw === "string" && pattern.test(raw) ? raw : undefined));
}

export function fargateCpuField() {
  const choices = [...fargateSizes.keys()];
  return field(`one of ${choices.join("|")} (Fargate CPU units)`, (raw) => {
    const value = numberFrom(raw);
    return value !== undefined && fargateSizes.has(value) ? value : undefined;
  });
}

/** The retention periods CloudWatch Logs accepts (0, "never expire", is left out: evidence needs an end). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function retentionDaysField() {
  return field(`one of ${LOG_RETENTION_DAYS.join("|")} (days CloudWatch Logs accepts)`, (raw) => {
    const value = numberFrom(raw);
    return LOG_RETENTION_DAYS.find((days) => days === value);
  });
}

const ROOT_USER = /^(0|root)(:|$)/;
const USER_SPEC = /^[a-z_][a-z0-9_-]*$|^\d+$/;

/** `user`, `uid`, `user:group` or `uid:gid`, as ECS passes it to the container runtime; never root. */
export function containerUserField() {
  return field("a non-root user: <uid>[:<gid>] or <name>[:<group>], not 0 or root", (raw) => {
    if (typeof raw !== "string" || ROOT_USER.test(raw)) {
      return undefined;
    }
    const parts = raw.split(":");
    return parts.length <= 2 && parts.every((part) => USER_SPEC.test(part)) ? raw : undefined;
  });
}

export function cidrField(minPrefix: number, maxPrefix: number) {
  return field(`a valid IPv4 CIDR between /${minPrefix} and /${maxPrefix}`, (raw) => {
    if (typeof raw !== "string") {
      return undefined;
    }
    const cidr = parseIpv4Cidr(raw);
    return cidr !== undefined && cidr.prefixLength >= minPrefix && cidr.prefixLength <= maxPrefix ? raw : undefined;
  });
}

export function ipv4CidrField() {
  return field("a valid IPv4 CIDR", (raw) => (typeof raw === "string" && parseIpv4Cidr(raw) ? raw : undefined));
}

/**
 * A non-empty list whose entries all pass `isEntry`. A bad entry is reported at its index
 * ("albIngressCidrs[1] must be ..."), so the message points at the exact line of the stack file.
 */
function listField(listRule: string, entryRule: string, isEntry: (entry: unknown) => entry is string) {
  return z.unknown().transform((raw, ctx): string[] => {
    const list = raw === undefined ? undefined : listFrom(raw);
    if (list === undefined || list.length === 0) {
      ctx.addIssue({ code: "custom", message: listRule, input: raw });
      return z.NEVER;
    }
    list.forEach((entry, index) => {
      if (!isEntry(entry)) {
        ctx.addIssue({ code: "custom", message: entryRule, input: entry, path: [index] });
      }
    });
    return list.filter(isEntry);
  });
}

export function cidrListField() {
  const isCidr = (entry: unknown): entry is string => typeof entry === "string" && parseIpv4Cidr(entry) !== undefined;
  return listField("a non-empty list of IPv4 CIDRs", "a valid IPv4 CIDR", isCidr);
}

export function wordListField() {
  const isWord = (entry: unknown): entry is string => typeof entry === "string" && entry.length > 0;
  return listField("a non-empty list of strings", "a non-empty string", isWord);
}

const egressRule = z.strictObject(
  {
    protocol: choiceField(["tcp", "udp"]).default("tcp"),
    port: integerField(1, 65535),
    cidr: ipv4CidrField(),
    description: textField("a short text", /^[\w .,:/()+-]{1,200}$/).optional(),
  },
  { error: "a rule {protocol, port, cidr, description}" },
);

/**
 * Extra outbound rules for the app group, one port each (`{ port: 5432, cidr: 10.20.0.0/16 }`).
 * Each entry is checked on its own, so a problem is reported as `appEgress[1].port`.
 */
export function egressRulesField() {
  const rules = z.array(egressRule, { error: "a list of egress rules {protocol, port, cidr}" });
  return z.preprocess((raw) => listFrom(raw) ?? raw, rules);
}
