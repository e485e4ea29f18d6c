// `up` without the Automation API's read-back. After the update, `Stack.up` reads the stack's
// outputs (twice: masked, then with --show-secrets, decrypting every output into this process)
// and the stack's last history entry for its summary: three more CLI runs, about 0.3 s each, for
// values the reconciler never uses. The heal asks for the update only: the changes it made come
// from the engine's own summary event, and no output is ever decrypted here.
import type { EngineEvent, OpMap, Stack, UpOptions } from "@pulumi/pulumi/automation/index.js";
import { withOverrides } from "./with-overrides.js";

interface UpChanges {
  /** Resource operations the update made, by kind ("update": 1, "create": 2, …), without "same". */
  changes: Record<string, number>;
}

export async function upWithoutReadback(stack: Stack, opts: UpOptions): Promise<UpChanges> {
  let summary: OpMap | undefined;
  const onEvent = (event: EngineEvent) => {
    if (event.summaryEvent) summary = event.summaryEvent.resourceChanges;
    opts.onEvent?.(event);
  };
  // The stack as `up` sees it, minus what it reads back afterwards.
  const lean = withOverrides(stack, { outputs: async () => ({}), info: async () => undefined });
  await lean.up({ ...opts, onEvent });
  const changes = Object.entries(summary ?? {}).filter(
    (entry): entry is [string, number] => entry[0] !== "same" && typeof entry[1] === "number" && entry[1] > 0,
  );
  return { changes: Object.fromEntries(changes) };
}
