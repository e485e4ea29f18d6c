// Small readers over Automation API engine events, for engine-tier assertions.
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation/index.js";

export function collect(): { events: EngineEvent[]; onEvent: (e: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

/** Final step metadata per resource name (the resOutputsEvent, or the pre event when none). */
export function stepsByName(events: EngineEvent[]): Map<string, StepEventMetadata> {
  const steps = new Map<string, StepEventMetadata>();
  for (const e of events) {
    const meta = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
    if (!meta) continue;
    const name = meta.urn.split("::").pop() ?? meta.urn;
    if (e.resOutputsEvent || !steps.has(name)) steps.set(name, meta);
  }
  return steps;
}
