// OpenAPI 3.0 schemas (GitHub's REST description) → JSON Schema (draft 2019-09) for ajv.
// - `nullable: true` becomes `anyOf: [<the schema>, { type: "null" }]`;
// - `oneOf` becomes `anyOf`: GitHub's description has branches that overlap (a user is also an
//   enterprise to a schema that requires neither's distinguishing fields), which `oneOf` would refuse;
// - annotations (`example`, `x-github-*`, `readOnly`, …) are dropped;
// - in strict mode (responses), an object may carry only the properties its schema documents
//   (`unevaluatedProperties: false`), so a field the emulator invents is an error. Branches of
//   `allOf`/`anyOf` are converted "open" and the schema holding them closes the object, because a
//   branch alone does not know its siblings' properties; a `$ref` from an open place points at the
//   open variant of the component.

export type JsonSchema = Record<string, unknown>;

export type SchemaVariant = "strict" | "open" | "loose";

/** Where each variant of `#/components/schemas/<name>` lives in the converted document. */
export function componentRef(base: string, variant: SchemaVariant, name: string): string {
  return `${base}#/components/${variant}/${name}`;
}

const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "discriminator",
  "externalDocs",
  "xml",
]);

const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

interface Mode {
  base: string;
  strict: boolean;
  /** The object is closed by an enclosing schema (a composition branch), not by this one. */
  open: boolean;
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function convertRef(ref: string, mode: Mode): JsonSchema {
  const name = COMPONENT_REF.exec(ref)?.[1];
  if (name === undefined) throw new Error(`unsupported $ref in GitHub's description: ${ref}`);
  const variant: SchemaVariant = !mode.strict ? "loose" : mode.open ? "open" : "strict";
  return { $ref: componentRef(mode.base, variant, name) };
}

function convertChildren(schema: JsonSchema, mode: Mode): JsonSchema {
  const fresh: Mode = { ...mode, open: false };
  const branch: Mode = { ...mode, open: true };
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (key === "properties" && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v as JsonSchema, fresh)]));
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && isSchema(value)) {
      out[key] = convert(value, fresh);
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      out[key === "oneOf" ? "anyOf" : key] = (value as JsonSchema[]).map((v) => convert(v, branch));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function closes(schema: JsonSchema, mode: Mode): boolean {
  if (!mode.strict || mode.open || schema["additionalProperties"] !== undefined) return false;
  return ["properties", "allOf", "anyOf", "oneOf"].some((key) => schema[key] !== undefined);
}

/** One OpenAPI schema object → JSON Schema; `$ref`s point into the document at `base`. */
export function convert(schema: JsonSchema, mode: Mode): JsonSchema {
  if (typeof schema["$ref"] === "string") return convertRef(schema["$ref"], mode);
  const out = convertChildren(schema, mode);
  if (closes(schema, mode)) out["unevaluatedProperties"] = false;
  return schema["nullable"] === true ? { anyOf: [out, { type: "null" }] } : out;
}

/**
 * The description's component schemas in the three variants: `strict` (responses: documented
 * properties only), `open` (the same, for use inside a composition) and `loose` (request bodies:
 * any extra property allowed, as OpenAPI itself does).
 */
export function convertComponents(schemas: Record<string, JsonSchema>, base: string): JsonSchema {
  const variant = (strict: boolean, open: boolean) =>
    Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, convert(s, { base, strict, open })]));
  return {
    $id: base,
    components: { strict: variant(true, false), open: variant(true, true), loose: variant(false, false) },
  };
}
