// The configuration as the rest of the reconciler sees it: reconciler.yaml parsed and
// checked, paths absolute, each stack's policy with its defaults filled in. Plain data.
import type { ReconcilerConfig, StackConfig, StackPolicy } from "./config-schema.js";

/** A stack's policy with its limits filled in and the global freeze windows merged into its own. */
export type EffectivePolicy = Omit<StackPolicy, "maxDeletes" | "maxReplaces"> & {
  maxDeletes: number;
  maxReplaces: number;
};

/** Where the stack's inline program is: an absolute module path and the name of its export. */
export interface ProgramRef {
  modulePath: string;
  exportName: string;
}

export type LoadedStack = StackConfig & {
  /** Absolute. */
  workDir: string;
  /** The inline program; none: the project's own program runs in workDir through its language host. */
  programRef?: ProgramRef;
  effectivePolicy: EffectivePolicy;
};

export type LoadedConfig = Omit<ReconcilerConfig, "stacks"> & { stacks: LoadedStack[] };

/** The environment a caller hands down: plain values, read once (cli/read-env.ts). */
export type Env = Readonly<Record<string, string | undefined>>;
