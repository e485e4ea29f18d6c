// The DriftReport contract: the committed JSON Schema is generated from the zod schema and must
// not go stale, and what detection builds from real engine events satisfies the schema.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { driftItems, managedResourceCount, pendingItems, planSteps } from "../../../reconciler/core/drift-model.js";
import {
  driftReportJsonSchema,
  driftReportSchema,
  stackStatusOf,
  type DriftReport,
} from "../../../reconciler/core/drift-report.js";
import { recordedEvents } from "../../support/recorded-events.js";

function reportFromRecordings(): DriftReport {
  const drift = driftItems(recordedEvents("drift-refresh"));
  const pending = pendingItems(recordedEvents("pending-preview"));
  return {
    stack: "prod",
    project: "drift-fixture",
    backend: "s3://state-bucket?secret_key=[redacted]",
    status: stackStatusOf(drift, pending),
    startedAt: "2024-06-12T12:00:00.000Z",
    durationMs: 5120,
    engineOperations: [
      { name: "preview --refresh", durationMs: 2100 },
      { name: "preview-refresh", durationMs: 1400 },
      { name: "preview", durationMs: 1600 },
    ],
    drift,
    pending,
    plan: planSteps(recordedEvents("drift-preview-refresh")),
    resourceCount: managedResourceCount(recordedEvents("drift-refresh")),
    ignoredDifferences: 0,
  };
}

describe("driftReportJsonSchema", () => {
  it("equals the committed schema/drift-report.schema.json", () => {
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../../../schema/drift-report.schema.json", import.meta.url), "utf8"),
    );
    expect(committed, "schema/drift-report.schema.json is stale: run `npm run schema` and commit the result").toEqual(
      driftReportJsonSchema(),
    );
  });
});

describe("driftReportSchema", () => {
  it("accepts the report built from the recorded engine events", () => {
    const result = driftReportSchema.safeParse(reportFromRecordings());
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it("accepts a busy report with its error and nothing found", () => {
    const busy = {
      ...reportFromRecordings(),
      status: "busy",
      drift: [],
      pending: [],
      plan: [],
      error: "stack is locked by another update",
    };
    expect(driftReportSchema.safeParse(busy).success).toBe(true);
  });

  it.each([
    ["an unknown status", { status: "unknown" }],
    ["a negative duration", { durationMs: -1 }],
    [
      "a drift kind other than modified or deleted",
      { drift: [{ urn: "u", type: "t", name: "n", kind: "created", properties: [] }] },
    ],
    [
      "a pending op the model never produces",
      { pending: [{ urn: "u", type: "t", name: "n", op: "create-replacement", properties: [] }] },
    ],
  ])("rejects a report with %s", (_case, change) => {
    expect(driftReportSchema.safeParse({ ...reportFromRecordings(), ...change }).success).toBe(false);
  });
});

describe("stackStatusOf", () => {
  it.each([
    [[], [], "in-sync"],
    [["d"], [], "drifted"],
    [[], ["p"], "pending"],
    [["d"], ["p"], "drifted+pending"],
  ] as const)("calls drift %j and pending %j %s", (drift, pending, status) => {
    expect(stackStatusOf(drift, pending)).toBe(status);
  });
});
