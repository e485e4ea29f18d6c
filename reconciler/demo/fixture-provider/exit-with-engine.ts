// The plugin ends when its engine does: the engine starts it as its child, so once the plugin's
// parent is no longer the engine (the engine died and the plugin was re-parented), nobody can
// talk to it any more and it exits instead of running on alone.
export interface ParentWatch {
  /** The engine's pid, noted when the plugin was launched (before its slow start-up). */
  enginePid: number;
  /** The current parent pid (process.ppid reads it afresh each time). */
  parentPid: () => number;
  exit: () => void;
  everyMs?: number;
}

/** Starts watching; the timer does not keep the plugin alive. Returns the function that stops it. */
export function exitWithEngine({ enginePid, parentPid, exit, everyMs = 500 }: ParentWatch): () => void {
  const check = () => {
    if (parentPid() !== enginePid) exit();
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  check();
  return () => clearInterval(timer);
}
