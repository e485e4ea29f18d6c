// ajv validators for the schemas of GitHub's OpenAPI description, compiled once each: responses
// strictly (documented properties only), request bodies and parameters as OpenAPI allows them.
import { Ajv2019, type ErrorObject, type ValidateFunction } from "ajv/dist/2019.js";
import addFormatsModule from "ajv-formats";
import { convert, convertComponents, type JsonSchema } from "./openapi-schema.js";

// ajv-formats is CommonJS: its module object is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

const BASE = "https://api.github.com/openapi";

export interface SchemaValidators {
  /** Problems of a response body, [] when it fits; `schema` is the description's own object. */
  response(schema: JsonSchema, body: unknown): string[];
  requestBody(schema: JsonSchema, body: unknown): string[];
  /** A query or path parameter's text, coerced to the parameter's type first ("30" → 30). */
  parameter(name: string, schema: JsonSchema, text: string, where: string): string[];
}

function engine(schemas: Record<string, JsonSchema>, coerceTypes: boolean): Ajv2019 {
  const ajv = new Ajv2019({ strict: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  ajv.addFormat("repo.nwo", true); // GitHub's own "owner/name" format
  ajv.addSchema(convertComponents(schemas, BASE));
  return ajv;
}

function detail(params: Record<string, unknown>): string {
  const value = params["unevaluatedProperty"] ?? params["allowedValues"];
  return value === undefined ? "" : `: ${JSON.stringify(value)}`;
}

/**
 * ajv's errors as readable lines. A failed `anyOf` (how `nullable` and `oneOf` are expressed)
 * reports every branch; "must be null" and "must match a schema in anyOf" add nothing when a more
 * specific error is there.
 */
function problems(validate: ValidateFunction, where: string): string[] {
  const errors = validate.errors ?? [];
  const noise = (e: ErrorObject) => e.keyword === "anyOf" || (e.keyword === "type" && e.params["type"] === "null");
  const specific = errors.some((e) => !noise(e)) ? errors.filter((e) => !noise(e)) : errors;
  return specific.map((e) => `${where}${e.instancePath || "/"} ${e.message ?? "is invalid"}${detail(e.params)}`);
}

export function createSchemaValidators(schemas: Record<string, JsonSchema>): SchemaValidators {
  const strictEngine = engine(schemas, false);
  const coercingEngine = engine(schemas, true);
  const compiled = new Map<string, Map<object, ValidateFunction>>();
  const compile = (kind: string, key: object, build: () => ValidateFunction): ValidateFunction => {
    const byKey = compiled.get(kind) ?? new Map<object, ValidateFunction>();
    compiled.set(kind, byKey);
    const validate = byKey.get(key) ?? build();
    byKey.set(key, validate);
    return validate;
  };
  const run = (validate: ValidateFunction, value: unknown, where: string) =>
    validate(value) ? [] : problems(validate, where);
  return {
    response: (schema, body) => {
      const build = () => strictEngine.compile(convert(schema, { base: BASE, strict: true, open: false }));
      return run(compile("response", schema, build), body, "response");
    },
    requestBody: (schema, body) => {
      const build = () => strictEngine.compile(convert(schema, { base: BASE, strict: false, open: false }));
      return run(compile("request", schema, build), body, "request body");
    },
    parameter: (name, schema, text, where) => {
      // Coercion works on a property of an object, so the value is checked as one.
      const wrapped = () => ({ type: "object", properties: { value: schema } });
      const build = () => coercingEngine.compile(convert(wrapped(), { base: BASE, strict: false, open: false }));
      return run(compile("parameter", schema, build), { value: text }, `${where} parameter ${name}`).map((p) =>
        p.replace(`${name}/value `, `${name} `),
      );
    },
  };
}
