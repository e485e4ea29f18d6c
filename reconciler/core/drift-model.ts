// Pure functions from Automation API engine events to drift items, pending items and
// the heal plan. The engine is the source of truth; we only read its event stream.
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation/index.js";
import type { DriftItem, PendingItem, PlanStep } from "./drift-report.js";
import { diffProperties, maskSecrets, secretPaths } from "./property-diff.js";
import { resourceNameOf } from "./urn.js";

/** Only resources the user manages: not the stack itself, not provider instances. */
export function isManaged(meta: Pick<StepEventMetadata, "type">): boolean {
  return meta.type !== "pulumi:pulumi:Stack" && !meta.type.startsWith("pulumi:providers:");
}

/** Leaves out the sides that are undefined, so "absent" stays absent in JSON and in equality checks. */
function dropAbsent<T extends { path: string }>(property: T): T {
  return Object.fromEntries(Object.entries(property).filter(([, value]) => value !== undefined)) as T;
}

/** The last step metadata per URN: the outputs event when there is one, else the pre event. */
export function finalSteps(events: Iterable<EngineEvent>): Map<string, StepEventMetadata> {
  const steps = new Map<string, StepEventMetadata>();
  for (const event of events) {
    const outputs = event.resOutputsEvent?.metadata;
    const pre = event.resourcePreEvent?.metadata;
    if (outputs) steps.set(outputs.urn, outputs);
    else if (pre && !steps.has(pre.urn)) steps.set(pre.urn, pre);
  }
  return steps;
}

/** Drift from a refresh preview: cloud (refreshed) vs last deployed state. */
export function driftItems(refreshEvents: Iterable<EngineEvent>): DriftItem[] {
  const items: DriftItem[] = [];
  for (const step of finalSteps(refreshEvents).values()) {
    if (!isManaged(step)) continue;
    const id = step.new?.id || step.old?.id;
    const base = { urn: step.urn, type: step.type, name: resourceNameOf(step.urn), ...(id ? { id } : {}) };
    if (step.op === "delete") {
      items.push({ ...base, kind: "deleted", properties: [] });
    } else if (step.op === "update") {
      const secret = [...secretPaths(maskSecrets(step.old?.outputs)), ...secretPaths(maskSecrets(step.new?.outputs))];
      const changes = diffProperties(step.old?.outputs, step.new?.outputs, true, secret);
      const properties = changes.map(({ path, before, after }) => ({ path, cloud: after, deployed: before }));
      items.push({ ...base, kind: "modified", properties: properties.map(dropAbsent) });
    }
  }
  return items;
}

const pendingOps: Record<string, PendingItem["op"] | undefined> = {
  create: "create",
  update: "update",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
};

/** Pending code changes from a preview without refresh: last deployed state vs program. */
export function pendingItems(previewEvents: Iterable<EngineEvent>): PendingItem[] {
  const byUrn = new Map<string, PendingItem>();
  for (const event of previewEvents) {
    const step = event.resourcePreEvent?.metadata;
    if (!step || !isManaged(step)) continue;
    const op = pendingOps[step.op];
    // A replacement comes as several steps (delete-replaced, replace, create-replacement) in an order
    // that depends on deleteBeforeReplace; delete-replaced has no new state, so the "replace" step's diff wins.
    if (!op || (byUrn.has(step.urn) && step.op !== "replace")) continue;
    const secret = [...secretPaths(maskSecrets(step.old?.outputs)), ...secretPaths(maskSecrets(step.new?.outputs))];
    const changes =
      op === "update" || op === "replace" ? diffProperties(step.old?.inputs, step.new?.inputs, true, secret) : [];
    const properties = changes.map(({ path, before, after }) => dropAbsent({ path, deployed: before, code: after }));
    byUrn.set(step.urn, { urn: step.urn, type: step.type, name: resourceNameOf(step.urn), op, properties });
  }
  return [...byUrn.values()];
}

const noChangeOps = new Set(["same", "read", "refresh", "discard", "import"]);

/** What `up` would do, from a preview (with refresh): every step that changes something. */
export function planSteps(previewEvents: Iterable<EngineEvent>): PlanStep[] {
  const steps: PlanStep[] = [];
  const seen = new Set<string>();
  for (const event of previewEvents) {
    const step = event.resourcePreEvent?.metadata;
    if (!step || !isManaged(step) || noChangeOps.has(step.op)) continue;
    const key = `${step.urn}\u0000${step.op}`;
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push({ urn: step.urn, type: step.type, op: step.op });
  }
  return steps;
}

/** How many managed resources the events speak of (the stack's size for the mass-deletion guard). */
export function managedResourceCount(events: Iterable<EngineEvent>): number {
  let count = 0;
  for (const step of finalSteps(events).values()) if (isManaged(step) && step.op !== "create") count++;
  return count;
}
