// Checks a JSON document against a shape of an AWS service model (botocore's service-2.json
// format, AWS JSON protocol): structures with their required and only their known members,
// lists, maps, strings with enums and lengths, numbers with their range, timestamps as epoch
// seconds, booleans. Returns every problem with its path; an empty list means the document fits.

export interface ShapeRef {
  shape: string;
}

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "double";
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
}

export interface ServiceModel {
  metadata: {
    targetPrefix: string;
    jsonVersion: string;
    protocol: string;
    signingName?: string;
    endpointPrefix: string;
  };
  operations: Record<string, { input?: ShapeRef; output?: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, Shape>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function checkShape(model: ServiceModel, shapeName: string, value: unknown, path = "$"): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${path}: the model has no shape ${shapeName}`];
  const sized = (length: number, what: string) => [
    ...(shape.min !== undefined && length < shape.min
      ? [`${path}: ${what} ${length} is under the minimum ${shape.min}`]
      : []),
    ...(shape.max !== undefined && length > shape.max
      ? [`${path}: ${what} ${length} is over the maximum ${shape.max}`]
      : []),
  ];
  switch (shape.type) {
    case "structure": {
      if (!isObject(value)) return [`${path}: expected an object (${shapeName})`];
      const members = shape.members ?? {};
      const problems = (shape.required ?? [])
        .filter((name) => value[name] === undefined)
        .map((name) => `${path}.${name}: required by ${shapeName}, missing`);
      for (const [name, member] of Object.entries(value)) {
        const ref = members[name];
        if (!ref) problems.push(`${path}.${name}: not a member of ${shapeName}`);
        else if (member !== null) problems.push(...checkShape(model, ref.shape, member, `${path}.${name}`));
      }
      return problems;
    }
    case "list":
      if (!Array.isArray(value)) return [`${path}: expected a list (${shapeName})`];
      return [
        ...sized(value.length, "length"),
        ...value.flatMap((item, i) => checkShape(model, shape.member?.shape ?? "", item, `${path}[${i}]`)),
      ];
    case "map":
      if (!isObject(value)) return [`${path}: expected a map (${shapeName})`];
      return Object.entries(value).flatMap(([k, v]) => [
        ...checkShape(model, shape.key?.shape ?? "", k, `${path} key`),
        ...checkShape(model, shape.value?.shape ?? "", v, `${path}.${k}`),
      ]);
    case "string":
      if (typeof value !== "string") return [`${path}: expected a string (${shapeName})`];
      if (shape.enum && !shape.enum.includes(value))
        return [`${path}: ${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`];
      return sized(value.length, "length");
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) return [`${path}: expected an integer (${shapeName})`];
      return sized(value, "value");
    case "double":
      return typeof value === "number" ? [] : [`${path}: expected a number (${shapeName})`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: expected a boolean (${shapeName})`];
    case "timestamp":
      // The JSON protocol sends timestamps as epoch seconds.
      return typeof value === "number" && Number.isFinite(value)
        ? []
        : [`${path}: expected epoch seconds (${shapeName})`];
  }
}
