// Waiting for work, but no longer than a deadline: the work's value when it settles in time,
// else `late` once `ms` have passed. The work itself is not stopped (stop it with its own
// signal if it must end); its timer is always cleared, so nothing is left waiting.
export async function beforeDeadline<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
