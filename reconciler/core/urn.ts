// Pulumi URNs end in "::<resource name>": the one place that takes a URN apart.
export function resourceNameOf(urn: string): string {
  const cut = urn.lastIndexOf("::");
  return cut === -1 ? urn : urn.slice(cut + 2);
}
