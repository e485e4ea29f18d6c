// A stack's own environment: its `env`, plus its `passEnv` variables copied (and renamed)
// from the environment the caller handed down. Computed once per stack run. The heal's `up`
// gets `healEnv` and `healPassEnv` on top (healStackEnv); detection never sees them.
import type { Env, LoadedStack } from "./loaded-config.js";

export function stackEnv(stack: Pick<LoadedStack, "env" | "passEnv">, env: Env): Record<string, string> {
  const passed = Object.fromEntries(stack.passEnv.map(({ from, to }) => [to, env[from] ?? ""]));
  return { ...stack.env, ...passed };
}

/** The variables the heal adds over stackEnv's (a name in both gets the heal's value). */
export function healStackEnv(stack: Pick<LoadedStack, "healEnv" | "healPassEnv">, env: Env): Record<string, string> {
  return stackEnv({ env: stack.healEnv, passEnv: stack.healPassEnv }, env);
}
