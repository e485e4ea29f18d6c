/**
 * Picks this project's keys out of a stack's whole config ("drift-demo-infra:azCount" → "azCount").
 * Provider keys such as "aws:region" belong to their provider and are left out.
 */
export function projectConfigValues(
  allConfig: Readonly<Record<string, unknown>>,
  project: string,
): Record<string, unknown> {
  const prefix = `${project}:`;
  return Object.fromEntries(
    Object.entries(allConfig)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}
