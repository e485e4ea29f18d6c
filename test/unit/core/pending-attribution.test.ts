// Pending code changes read off the `preview --refresh` stream must be exactly what a plain
// `preview` of the same stack says, or the stream must say it cannot tell. Checked on streams
// recorded from the real engine (scripts/record-events.ts) for the same stack and moment, then on
// edited copies of them that play the cases the stream alone cannot decide.
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation/index.js";
import { describe, expect, it } from "vitest";
import { driftItems, pendingItems } from "../../../reconciler/core/drift-model.js";
import type { PendingItem } from "../../../reconciler/core/drift-report.js";
import { pendingFromRefreshedPlan } from "../../../reconciler/core/pending-attribution.js";
import { fixtureUrn, recordedEvents, type Recording } from "../../support/recorded-events.js";

const byUrn = (items: PendingItem[]) => [...items].sort((a, b) => a.urn.localeCompare(b.urn));
const driftedIn = (name: Recording) => new Set(driftItems(recordedEvents(name)).map((item) => item.urn));

/** A deep copy of a recorded stream, with `edit` applied to each step's metadata. */
function edited(name: Recording, edit: (meta: StepEventMetadata, kind: "pre" | "outputs") => void): EngineEvent[] {
  const events = structuredClone(recordedEvents(name));
  for (const event of events) {
    if (event.resourcePreEvent) edit(event.resourcePreEvent.metadata, "pre");
    if (event.resOutputsEvent) edit(event.resOutputsEvent.metadata, "outputs");
  }
  return events;
}

const appSg = fixtureUrn("fixture:index:SecurityGroup", "prod-app-sg");

describe("pendingFromRefreshedPlan on recorded streams", () => {
  it("drift and code changes on different resources: the same pending changes as the plain preview", () => {
    const attributed = pendingFromRefreshedPlan(recordedEvents("apart-preview-refresh"), driftedIn("apart-refresh"));
    const preview = pendingItems(recordedEvents("apart-preview"));
    expect(attributed.kind).toBe("attributed");
    if (attributed.kind !== "attributed") return;
    expect(byUrn(attributed.pending)).toEqual(byUrn(preview));
    // The recording covers each rule: an update on a resource the refresh left alone, a delete the
    // plan makes, a delete of a resource gone from the cloud (no plan step at all), and drifted
    // resources the code did not change (modified, and deleted then recreated by the plan).
    expect(byUrn(preview).map((item) => [item.name, item.op])).toEqual([
      ["prod-bucket-1", "delete"],
      ["prod-bucket-2", "delete"],
      ["prod-alb-sg", "update"],
    ]);
    expect(preview.find((item) => item.name === "prod-alb-sg")?.properties).toEqual([
      { path: "ingress[0].cidrBlocks[0]", deployed: "0.0.0.0/0", code: "10.0.0.0/8" },
    ]);
  });

  it("a stack in sync: no pending changes", () => {
    expect(pendingFromRefreshedPlan(recordedEvents("in-sync-preview-refresh"))).toEqual({
      kind: "attributed",
      pending: [],
    });
  });

  it("code changes on drifted resources: ambiguous, naming each one, where the plain preview indeed differs", () => {
    const attributed = pendingFromRefreshedPlan(recordedEvents("drift-preview-refresh"), driftedIn("drift-refresh"));
    expect(attributed).toEqual({
      kind: "ambiguous",
      reasons: [
        "prod-app-tg: drifted, and the code's inputs differ from the deployed ones at port",
        "prod-db-credentials: drifted, and its secret inputs are masked in the plan",
      ],
    });
    // The plan creates prod-app-tg (it is gone from the cloud); the plain preview replaces it for the new port.
    const tg = pendingItems(recordedEvents("pending-preview")).find((item) => item.name === "prod-app-tg");
    expect(tg?.op).toBe("replace");
  });
});

describe("pendingFromRefreshedPlan: what the stream alone cannot decide", () => {
  it("ignoreChanges copying the cloud's value into the code's inputs of a drifted resource", () => {
    const events = edited("apart-preview-refresh", (meta) => {
      if (meta.urn !== appSg || meta.op === "refresh" || !meta.old || !meta.new) return;
      meta.new.inputs = structuredClone(meta.old.inputs);
    });
    const attributed = pendingFromRefreshedPlan(events, driftedIn("apart-refresh"));
    expect(attributed.kind).toBe("ambiguous");
    if (attributed.kind === "ambiguous") {
      expect(attributed.reasons).toEqual([
        "prod-app-sg: drifted, and the code's inputs differ from the deployed ones at ingress[1]",
      ]);
    }
  });

  it("a secret changed in the cloud that the masked stream shows unchanged is still drift", () => {
    const secret = fixtureUrn("fixture:index:Secret", "prod-db-credentials");
    const inSync = recordedEvents("in-sync-preview-refresh");
    expect(pendingFromRefreshedPlan(inSync).kind).toBe("attributed");
    expect(pendingFromRefreshedPlan(inSync, new Set([secret]))).toEqual({
      kind: "ambiguous",
      reasons: ["prod-db-credentials: drifted, and its secret inputs are masked in the plan"],
    });
  });

  it("a resource the engine found under a new URN (an alias)", () => {
    const renamed = `${appSg}-renamed`;
    const events = edited("apart-preview-refresh", (meta) => {
      if (meta.urn === appSg && meta.op !== "refresh") meta.urn = renamed;
    });
    const attributed = pendingFromRefreshedPlan(events, driftedIn("apart-refresh"));
    expect(attributed).toEqual({
      kind: "ambiguous",
      reasons: [
        "prod-app-sg-renamed: planned as update but not in the deployed state",
        "prod-app-sg: refreshed but not planned",
      ],
    });
  });

  it("a step the rules do not know (an import)", () => {
    const events = edited("apart-preview-refresh", (meta) => {
      if (meta.urn.endsWith("::prod-bucket-0") && meta.op === "same") meta.op = "import";
    });
    expect(pendingFromRefreshedPlan(events)).toEqual({
      kind: "ambiguous",
      reasons: ["prod-bucket-0: the plan imports it"],
    });
  });

  it("a refresh that did not finish for a resource", () => {
    const events = recordedEvents("apart-preview-refresh").filter(
      (event) => !(event.resOutputsEvent?.metadata.op === "refresh" && event.resOutputsEvent.metadata.urn === appSg),
    );
    expect(pendingFromRefreshedPlan(events, driftedIn("apart-refresh"))).toEqual({
      kind: "ambiguous",
      reasons: ["prod-app-sg: its refresh did not finish"],
    });
  });
});
