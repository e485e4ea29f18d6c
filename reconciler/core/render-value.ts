// One way to show a property value in a table cell: compact JSON, bounded length.
export function renderValue(value: unknown, max = 120): string {
  if (value === undefined) return "(absent)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
