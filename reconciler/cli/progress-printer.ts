// Progress on a terminal while the engine works: one line per stack and operation.
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";

export function progressPrinter(
  out: NodeJS.WritableStream,
): (stack: string, operation: string, event: EngineEvent) => void {
  const seen = new Map<string, number>();
  return (stack, operation, event) => {
    const key = `${stack}\u0000${operation}`;
    if (!seen.has(key)) out.write(`${stack}: ${operation}…\n`);
    if (event.resourcePreEvent) seen.set(key, (seen.get(key) ?? 0) + 1);
    else if (!seen.has(key)) seen.set(key, 0);
    if (event.summaryEvent) out.write(`${stack}: ${operation} done (${seen.get(key) ?? 0} steps)\n`);
  };
}
