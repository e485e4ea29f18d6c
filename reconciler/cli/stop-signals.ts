// SIGINT and SIGTERM for the CLI: the first stops cleanly, a second exits at once.

/**
 * Calls `first` on the first SIGINT or SIGTERM; a second one exits at once. Persistent
 * handlers, not `once`: execa's signal-exit re-raises a signal when it sees no other
 * listener left, which would kill us in the middle of a clean stop.
 */
export function onStopSignals(first: (signal: NodeJS.Signals) => void): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130);
    first(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** An abort signal raised by the first stop signal (engine operations release their locks). */
export function abortOnStopSignals(): AbortController {
  const controller = new AbortController();
  onStopSignals((signal) => {
    process.stderr.write(`\nreconciler: ${signal}: cancelling the running engine operations (again to force)\n`);
    controller.abort();
  });
  return controller;
}
