// The inline program the reconciler runs for this project (reconciler.yaml points here):
// the same stack as infra/index.ts, as a function, so no language host is needed.
import { loadInfraConfig } from "./config.js";
import { defineInfra } from "./define-infra.js";

export async function program(): Promise<Record<string, unknown>> {
  return { ...defineInfra(loadInfraConfig()) };
}
