// The stacks a long-running process has opened, kept across its cycles: each stack's workspace
// (and an inline program's language server setup) is made once per service, not per cycle.
// Opening spawns nothing (stack-workspace.ts). A stack whose run failed is opened again next time.
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation/index.js";
import { openStack, type StackTarget } from "./stack-workspace.js";

export interface StackCache {
  open(target: StackTarget, cli: PulumiCommand): Promise<Stack>;
  /** Forgets a stack (its run failed): the next cycle opens it afresh. */
  forget(target: StackTarget): void;
}

/** What makes two targets the same stack in the same workspace. */
function keyOf(target: StackTarget): string {
  return JSON.stringify([target.workDir, target.project, target.stack, target.backendUrl, target.env ?? {}]);
}

export function stackCache(): StackCache {
  const opened = new Map<string, Promise<Stack>>();
  return {
    open(target, cli) {
      const key = keyOf(target);
      let stack = opened.get(key);
      if (!stack) {
        stack = openStack(target, cli);
        stack.catch(() => opened.delete(key));
        opened.set(key, stack);
      }
      return stack;
    },
    forget(target) {
      opened.delete(keyOf(target));
    },
  };
}
