// A long engine event stream built from a short recorded one: the managed resources' events
// are replicated with renumbered URNs (unique per copy), the stack/provider events kept once,
// and every event renumbered in sequence. Pure.
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation/index.js";
import { isManaged } from "../reconciler/core/drift-model.js";

function stepOf(event: EngineEvent): StepEventMetadata | undefined {
  return event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
}

function managed(event: EngineEvent): boolean {
  const step = stepOf(event);
  return step !== undefined && isManaged(step);
}

function renamed(event: EngineEvent, copy: number): EngineEvent {
  const clone = structuredClone(event);
  const step = stepOf(clone);
  if (step && isManaged(step)) {
    const urn = `${step.urn}-c${copy}`;
    step.urn = urn;
    if (step.old) step.old.urn = urn;
    if (step.new) step.new.urn = urn;
  }
  return clone;
}

/**
 * `total` events: the recording's opening events, copies of its resource events (the last
 * copy cut short when needed), then its closing events.
 */
export function synthesizeStream(recorded: readonly EngineEvent[], total: number): EngineEvent[] {
  const first = recorded.findIndex(managed);
  const last = recorded.findLastIndex(managed);
  if (first === -1) throw new Error("the recording has no managed resource events to replicate");
  const header = recorded.slice(0, first);
  const inner = recorded.slice(first, last + 1);
  const body = inner.filter((e) => managed(e) || stepOf(e) === undefined); // resources and their diagnostics
  const footer = [...inner.filter((e) => !managed(e) && stepOf(e) !== undefined), ...recorded.slice(last + 1)];
  const room = total - header.length - footer.length;
  if (room < body.length) throw new Error(`${total} events is too few: the recording alone has ${recorded.length}`);
  const events: EngineEvent[] = [...header];
  for (let copy = 0; events.length - header.length < room; copy++) {
    for (const event of body) {
      if (events.length - header.length >= room) break;
      events.push(renamed(event, copy));
    }
  }
  events.push(...footer.map((e) => structuredClone(e)));
  return events.map((e, sequence) => ({ ...e, sequence }));
}

export function managedUrns(events: readonly EngineEvent[]): number {
  const urns = new Set<string>();
  for (const e of events) {
    const step = stepOf(e);
    if (step && isManaged(step)) urns.add(step.urn);
  }
  return urns.size;
}
