// Which configured stacks a run covers: the stacks named (all by default), then the shard's
// share of them. A stack is named `project/stack`, or by its bare name when only one project
// has a stack of that name. Computed once per run; an unknown or ambiguous name is a usage error.
import type { LoadedConfig, LoadedStack } from "./loaded-config.js";
import { ownsStack, type Shard } from "./shard.js";
import { stackPath } from "./stack-id.js";
import { UsageError } from "./usage-error.js";

export class UnknownStackError extends UsageError {
  override readonly name = "UnknownStackError";
}

export class AmbiguousStackError extends UsageError {
  override readonly name = "AmbiguousStackError";
}

interface StackSelection {
  /** Only these stacks, each `project/stack` or a bare name (default: all configured; an empty list means none). */
  names?: readonly string[] | undefined;
  /** Only the stacks whose name hashes to this shard. */
  shard?: Shard | undefined;
}

type Named = Pick<LoadedStack, "name" | "project">;

const pathOf = (s: Named) => (s.project === undefined ? s.name : stackPath({ project: s.project, stack: s.name }));

/**
 * The stacks `selector` names: those whose `project/stack` it is, else those whose name it is.
 * A bare name shared by stacks of two projects is an AmbiguousStackError listing them; a
 * `project/stack` held on two backends names both (nothing finer tells them apart).
 */
export function stacksNamed<S extends Named>(stacks: readonly S[], selector: string, flag = "--stack"): S[] {
  const byPath = stacks.filter((s) => s.project !== undefined && pathOf(s) === selector);
  if (byPath.length > 0) return byPath;
  const byName = stacks.filter((s) => s.name === selector);
  const projects = new Set(byName.map((s) => s.project));
  if (projects.size > 1) {
    const matches = [...new Set(byName.map(pathOf))].join(", ");
    throw new AmbiguousStackError(
      `${flag} ${selector}: ${byName.length} stacks are named "${selector}" (${matches}); name one as project/stack`,
    );
  }
  return byName;
}

export function selectStacks(config: LoadedConfig, selection: StackSelection = {}): LoadedStack[] {
  const { names, shard } = selection;
  let chosen: LoadedStack[] = config.stacks;
  if (names) {
    const unknown = names.filter((n) => stacksNamed(config.stacks, n).length === 0);
    if (unknown.length > 0) {
      const configured = config.stacks.map(pathOf).join(", ");
      throw new UnknownStackError(`--stack ${unknown.join(", ")}: not in the config (configured: ${configured})`);
    }
    const wanted = new Set(names.flatMap((n) => stacksNamed(config.stacks, n)));
    chosen = config.stacks.filter((s) => wanted.has(s));
  }
  return chosen.filter((s) => !shard || ownsStack(shard, s.name));
}
