// Severity of drift, from configurable rules: the first matching rule wins per property;
// a report's severity is the highest of its items. Pure.
import type { Severity, SeverityRule } from "./config-schema.js";
import type { DriftItem, DriftProperty } from "./drift-report.js";
import { pathMatches, typeMatches } from "./ignore-rules.js";

export const severityOrder: readonly Severity[] = ["low", "medium", "high", "critical"];
const openToWorld = new Set(["0.0.0.0/0", "::/0"]);

function maxSeverity(values: Iterable<Severity>, fallback: Severity = "low"): Severity {
  let best = fallback;
  for (const v of values) if (severityOrder.indexOf(v) > severityOrder.indexOf(best)) best = v;
  return best;
}

/** Any ingress-like rule object (at any depth) open to the internet on one of the ports. */
function opensPort(value: unknown, ports: readonly number[]): boolean {
  if (Array.isArray(value)) return value.some((v) => opensPort(v, ports));
  if (typeof value !== "object" || value === null) return false;
  const rule = value as Record<string, unknown>;
  const cidrs = [...asStrings(rule["cidrBlocks"]), ...asStrings(rule["ipv6CidrBlocks"])];
  const from = rule["fromPort"];
  const to = rule["toPort"];
  if (typeof from === "number" && typeof to === "number" && cidrs.some((c) => openToWorld.has(c))) {
    const allPorts = rule["protocol"] === "-1" || rule["protocol"] === "all";
    if (allPorts || ports.some((p) => p >= from && p <= to)) return true;
  }
  return Object.values(rule).some((v) => typeof v === "object" && opensPort(v, ports));
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function ruleMatches(rule: SeverityRule, item: DriftItem, property: DriftProperty | undefined): boolean {
  if (rule.type && !typeMatches(rule.type, item.type)) return false;
  if (rule.kind && rule.kind !== item.kind) return false;
  if (rule.path && (!property || !pathMatches(rule.path, property.path))) return false;
  if (rule.openPorts && (!property || !opensPort(property.cloud, rule.openPorts))) return false;
  return true;
}

export function itemSeverity(item: DriftItem, rules: readonly SeverityRule[], fallback: Severity = "medium"): Severity {
  const properties: Array<DriftProperty | undefined> = item.properties.length > 0 ? item.properties : [undefined];
  return maxSeverity(
    properties.map((p) => rules.find((rule) => ruleMatches(rule, item, p))?.severity ?? fallback),
    "low",
  );
}

export function driftSeverity(items: readonly DriftItem[], rules: readonly SeverityRule[]): Severity {
  return maxSeverity(
    items.map((item) => itemSeverity(item, rules)),
    "low",
  );
}
