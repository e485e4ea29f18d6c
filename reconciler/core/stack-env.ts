// A stack's own environment: its `env`, plus its `passEnv` variables copied (and renamed)
// from the environment the caller handed down. Computed once per stack run.
import type { Env, LoadedStack } from "./loaded-config.js";

export function stackEnv(stack: Pick<LoadedStack, "env" | "passEnv">, env: Env): Record<string, string> {
  const passed = Object.fromEntries(stack.passEnv.map(({ from, to }) => [to, env[from] ?? ""]));
  return { ...stack.env, ...passed };
}
