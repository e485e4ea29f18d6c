// One way to show a property value: a string as itself, anything else as compact JSON, bounded
// length; "(absent)" when it is not set. Plain text: Markdown shows it through core/inert-markdown.ts.
import { clip } from "./inert-markdown.js";

export function renderValue(value: unknown, max = 120): string {
  if (value === undefined) return "(absent)";
  return clip(typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value), max);
}
