// `npm run docs`: docs/configuration-reference.md, generated from the zod schema of reconciler.yaml so the
// reference cannot go stale (test/unit/docs/config-reference.test.ts fails when the file differs).
// Every key, its type, default, allowed values and description, grouped as the file is.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { reconcilerConfigSchema } from "../reconciler/core/config-schema.js";

/** The part of JSON Schema that zod's `toJSONSchema` produces for the config. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
}

export interface ReferenceRow {
  key: string;
  required: boolean;
  type: string;
  defaultValue: string;
  allowed: string;
  description: string;
}

export interface ReferenceSection {
  path: string;
  description: string;
  rows: ReferenceRow[];
}

export const referencePath = "docs/configuration-reference.md";

export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(reconcilerConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

const variants = (s: JsonSchema): JsonSchema[] => s.oneOf ?? s.anyOf ?? [];
const isObject = (s: JsonSchema) => s.properties !== undefined;

function typeName(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return "string";
  if (variants(s).length > 0) return [...new Set(variants(s).map(typeName))].join(" or ");
  if (s.type === "array") return `list of ${s.items ? typeName(s.items) : "values"}`;
  if (s.type === "object" && !isObject(s) && typeof s.additionalProperties === "object") {
    return `map of name → ${typeName(s.additionalProperties)}`;
  }
  if (isObject(s)) return "object";
  return Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
}

function allowedValues(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.enum) parts.push(s.enum.map((v) => `\`${String(v)}\``).join(", "));
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum}–${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.minItems) parts.push(`at least ${s.minItems}`);
  if (s.pattern) parts.push(`matches \`${s.pattern.replaceAll("|", "\\|")}\``);
  if (s.format) parts.push(s.format);
  if (s.type === "array" && s.items?.enum) parts.push(allowedValues(s.items));
  return parts.join("; ");
}

function defaultText(s: JsonSchema): string {
  if (s.default === undefined) return "";
  const text = JSON.stringify(s.default);
  return text.length > 60 ? "(see description)" : `\`${text}\``;
}

/** The object shapes a value holds (itself, its list items, its union members), each with a suffix for its heading. */
function nestedShapes(s: JsonSchema): { suffix: string; shape: JsonSchema }[] {
  if (isObject(s)) return [{ suffix: "", shape: s }];
  if (s.type === "array" && s.items) {
    return nestedShapes(s.items).map(({ suffix, shape }) => ({ suffix: `[]${suffix}`, shape }));
  }
  const members = variants(s).filter(isObject);
  return members.map((shape) => {
    const kind = shape.properties?.["kind"]?.const;
    return { suffix: typeof kind === "string" ? ` (kind: ${kind})` : "", shape };
  });
}

/** Walks an object shape: one section for it, then one for each object nested in it, in the file's order. */
export function referenceSections(shape: JsonSchema, path: string, description = ""): ReferenceSection[] {
  const rows: ReferenceRow[] = [];
  const nested: ReferenceSection[] = [];
  for (const [key, value] of Object.entries(shape.properties ?? {})) {
    rows.push({
      key,
      required: shape.required?.includes(key) ?? false,
      type: typeName(value),
      defaultValue: defaultText(value),
      allowed: allowedValues(value),
      description: value.description ?? "",
    });
    const childPath = path ? `${path}.${key}` : key;
    for (const { suffix, shape: child } of nestedShapes(value)) {
      nested.push(...referenceSections(child, `${childPath}${suffix}`, value.description ?? ""));
    }
  }
  return [{ path, description, rows }, ...nested];
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function renderSection(section: ReferenceSection): string {
  const heading = section.path === "" ? "## Top level" : `## \`${section.path}\``;
  const lines = [heading, ""];
  if (section.description) lines.push(section.description, "");
  lines.push("| Key | Type | Default | Allowed values | Description |", "|---|---|---|---|---|");
  for (const row of section.rows) {
    const key = `\`${row.key}\`${row.required ? " (required)" : ""}`;
    lines.push(
      `| ${key} | ${cell(row.type)} | ${cell(row.defaultValue)} | ${cell(row.allowed)} | ${cell(row.description)} |`,
    );
  }
  return lines.join("\n");
}

export function renderConfigReference(schema: JsonSchema = configJsonSchema()): string {
  const sections = referenceSections(schema, "");
  return [
    "# Configuration reference: `reconciler.yaml`",
    "",
    "Generated by `npm run docs` from the schema the reconciler validates its configuration with",
    "(`reconciler/core/config-schema.ts`); do not edit by hand. What the keys are for, with examples:",
    "[Configuration](configuration.md). Unknown keys are refused; durations are written like `30m`, `12h`, `2d`.",
    "",
    ...sections.map(renderSection).flatMap((text) => [text, ""]),
  ].join("\n");
}

/** Every key without a description, as a path: the reference must explain each one. */
export function undocumentedKeys(sections: ReferenceSection[]): string[] {
  return sections.flatMap((s) =>
    s.rows.filter((r) => !r.description.trim()).map((r) => (s.path ? `${s.path}.${r.key}` : r.key)),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = join(fileURLToPath(import.meta.url), "..", "..");
  writeFileSync(join(repo, referencePath), renderConfigReference());
  process.stdout.write(`wrote ${referencePath}\n`);
}
