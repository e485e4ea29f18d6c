// Pending code changes read off the same `preview --refresh` event stream that gives the heal
// plan, so a stack with drift needs no separate plain preview.
//
// The stream has two phases. Refresh steps (op "refresh") carry each resource's last deployed
// state (`old`) and what the cloud has now (`new`, absent when it is gone). The steps after them
// compare the refreshed state with the program. A plain `preview` compares the deployed state
// with the program instead. So, per resource:
// - not refreshed (new in the code): the step is the plain preview's step (a create);
// - refreshed, unchanged by the refresh: the refreshed state is the deployed state, so the step
//   is the plain preview's step, op and diff alike;
// - deployed but not declared by the program any more: the plain preview deletes it;
// - changed in the cloud (drift), still declared: the step diffs cloud against code, not what a
//   plain preview diffs. When the code's inputs equal the deployed inputs the code changed
//   nothing there (the deployed state came from those inputs); otherwise the stream cannot say
//   whether the provider would update or replace, or whether ignoreChanges copied the cloud's
//   value into the code's inputs, and the answer is "ambiguous": the caller runs the plain
//   preview. Secret inputs are masked in events, so a drifted resource with secret inputs is
//   ambiguous too.
// Anything the rules above do not cover (an unknown op, a resource found under a new URN through
// an alias, an import) is ambiguous as well: a guess here could deploy code `exclude` promised
// to leave alone, and the plain preview is always there to ask.
import type { EngineEvent, StepEventMetadata, StepEventStateMetadata } from "@pulumi/pulumi/automation/index.js";
import { isDeepStrictEqual } from "node:util";
import type { PendingItem } from "./drift-report.js";
import { isManaged, pendingItems } from "./drift-model.js";
import { diffProperties, maskSecrets, secretPaths } from "./property-diff.js";
import { resourceNameOf } from "./urn.js";

type PendingAttribution =
  | { kind: "attributed"; pending: PendingItem[] }
  /** Why the stream alone cannot tell, one reason per resource, e.g. "prod-app-tg: drifted, and the code changes port". */
  | { kind: "ambiguous"; reasons: string[] };

/** Steps that mean the program declared the resource in this run. */
const declaring = new Set(["same", "create", "update", "replace", "create-replacement", "read", "read-replacement"]);
/** Steps that remove what the program no longer declares. */
const removing = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

interface Refreshed {
  type: string;
  deployed: StepEventStateMetadata | undefined;
  /** Absent: gone from the cloud. */
  cloud: StepEventStateMetadata | undefined;
  done: boolean;
}

function hasSecret(value: unknown): boolean {
  return secretPaths(maskSecrets(value ?? {})).length > 0;
}

/**
 * Pending code changes (deployed state vs program) from a `preview --refresh` stream.
 * `drifted` names resources the refresh preview found drifted: a secret that changed in the cloud
 * can look unchanged in a stream whose secrets are masked, so those are never read as in sync.
 */
export function pendingFromRefreshedPlan(
  events: Iterable<EngineEvent>,
  drifted: ReadonlySet<string> = new Set(),
): PendingAttribution {
  const refreshed = new Map<string, Refreshed>();
  const stepsByUrn = new Map<string, { type: string; events: EngineEvent[]; ops: string[] }>();
  for (const event of events) {
    const outputs = event.resOutputsEvent?.metadata;
    const pre = event.resourcePreEvent?.metadata;
    const step: StepEventMetadata | undefined = outputs ?? pre;
    if (!step || !isManaged(step)) continue;
    if (step.op === "refresh") {
      const seen = refreshed.get(step.urn);
      // The outputs event holds what the refresh read; the pre event only what it started from.
      if (outputs || !seen) {
        // A resource gone from the cloud comes with no (or a null) new state.
        const cloud = step.new ?? undefined;
        refreshed.set(step.urn, { type: step.type, deployed: step.old ?? undefined, cloud, done: Boolean(outputs) });
      }
      continue;
    }
    if (!pre) continue;
    const steps = stepsByUrn.get(pre.urn) ?? { type: pre.type, events: [], ops: [] };
    steps.events.push(event);
    steps.ops.push(pre.op);
    stepsByUrn.set(pre.urn, steps);
  }

  const reasons: string[] = [];
  const pending: PendingItem[] = [];
  const ambiguous = (urn: string, why: string) => reasons.push(`${resourceNameOf(urn)}: ${why}`);

  for (const [urn, steps] of stepsByUrn) {
    const unknown = steps.ops.filter((op) => !declaring.has(op) && !removing.has(op));
    if (unknown.length > 0) {
      ambiguous(urn, `the plan ${unknown.join(", ")}s it`);
      continue;
    }
    const refresh = refreshed.get(urn);
    const declared = steps.ops.some((op) => declaring.has(op));
    if (!refresh) {
      // Not in the deployed state: new in the code (create), or read. Anything else here is a
      // resource the engine matched to an old URN (an alias): the plain preview knows its diff.
      if (steps.ops.every((op) => op === "create" || op === "read")) pending.push(...pendingItems(steps.events));
      else ambiguous(urn, `planned as ${steps.ops.join(", ")} but not in the deployed state`);
      continue;
    }
    if (!refresh.done) {
      ambiguous(urn, "its refresh did not finish");
      continue;
    }
    if (!declared) {
      if (steps.ops.every((op) => op === "delete")) pending.push(deleteItem(urn, steps.type));
      else ambiguous(urn, `planned as ${steps.ops.join(", ")} without the program declaring it`);
      continue;
    }
    const unchanged =
      refresh.cloud !== undefined &&
      !drifted.has(urn) &&
      isDeepStrictEqual(refresh.deployed?.inputs, refresh.cloud.inputs) &&
      isDeepStrictEqual(refresh.deployed?.outputs, refresh.cloud.outputs);
    if (unchanged) {
      // The refresh left the state as deployed: this step is the plain preview's step.
      pending.push(...pendingItems(steps.events));
      continue;
    }
    if (steps.ops.every((op) => op === "read")) continue;
    const code = steps.events
      .map((event) => event.resourcePreEvent?.metadata)
      .find((meta) => meta && declaring.has(meta.op) && meta.new)?.new?.inputs;
    const deployed = refresh.deployed?.inputs;
    if (hasSecret(code) || hasSecret(deployed)) {
      ambiguous(urn, "drifted, and its secret inputs are masked in the plan");
      continue;
    }
    const changed = diffProperties(deployed, code).map((change) => change.path);
    if (changed.length > 0)
      ambiguous(urn, `drifted, and the code's inputs differ from the deployed ones at ${changed.join(", ")}`);
  }

  // Deployed, gone from the cloud and no longer declared: no step at all, the plain preview deletes it.
  for (const [urn, refresh] of refreshed) {
    if (stepsByUrn.has(urn)) continue;
    if (refresh.cloud === undefined && refresh.done) pending.push(deleteItem(urn, refresh.type));
    else ambiguous(urn, "refreshed but not planned");
  }
  return reasons.length > 0 ? { kind: "ambiguous", reasons } : { kind: "attributed", pending };
}

function deleteItem(urn: string, type: string): PendingItem {
  return { urn, type, name: resourceNameOf(urn), op: "delete", properties: [] };
}
