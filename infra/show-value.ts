/** A config value as the user wrote it: Pulumi passes `azCount: 7` as the text "7", shown as 7. */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    return /^(-?\d+(\.\d+)?|true|false)$/.test(value) ? value : `'${value}'`;
  }
  return JSON.stringify(value) ?? String(value);
}
