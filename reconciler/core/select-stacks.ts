// Which configured stacks a run covers: the names asked for (all by default), then the
// shard's share of them. Computed once per run; an unknown name is a usage error.
import type { LoadedConfig, LoadedStack } from "./loaded-config.js";
import { ownsStack, type Shard } from "./shard.js";
import { UsageError } from "./usage-error.js";

export class UnknownStackError extends UsageError {
  override readonly name = "UnknownStackError";
}

export interface StackSelection {
  /** Only these stack names (default: all configured; an empty list means none). */
  names?: readonly string[] | undefined;
  /** Only the stacks whose name hashes to this shard. */
  shard?: Shard | undefined;
}

export function selectStacks(config: LoadedConfig, selection: StackSelection = {}): LoadedStack[] {
  const { names, shard } = selection;
  if (names) {
    const known = new Set(config.stacks.map((s) => s.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      const configured = [...known].join(", ");
      throw new UnknownStackError(`--stack ${unknown.join(", ")}: not in the config (configured: ${configured})`);
    }
  }
  return config.stacks.filter((s) => (!names || names.includes(s.name)) && (!shard || ownsStack(shard, s.name)));
}
