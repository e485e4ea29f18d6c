// Two `up`s on one stack, the second started once the first has begun (its first engine event:
// by then it holds the stack's lock). Started at the same instant instead, both can take their
// lock file before either looks for the other's, and both fail: a race in the backend's locking,
// not what these tests are about.
import type { Stack, UpResult } from "@pulumi/pulumi/automation/index.js";

/** The promise's outcome, settled from the start (a rejection is never left unhandled). */
function settled<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );
}

export async function upWhileAnotherRuns(
  first: Stack,
  second: Stack,
): Promise<[PromiseSettledResult<UpResult>, PromiseSettledResult<UpResult>]> {
  let secondUp: Promise<PromiseSettledResult<UpResult>> | undefined;
  const firstResult = await settled(
    first.up({
      refresh: true,
      onEvent: () => {
        secondUp ??= settled(second.up({ refresh: true }));
      },
    }),
  );
  if (!secondUp) throw new Error("upWhileAnotherRuns: the first up emitted no event");
  return [firstResult, await secondUp];
}
