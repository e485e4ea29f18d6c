// Who holds a stack's lock, read from the engine's "currently locked" message (file://, s3://
// and other self-managed backends print each lock's file, holder, pid and creation time), and
// the command that clears it. Pure; what to make of a lock is lock-verdict.ts's.
export interface StackLock {
  /** The lock file's location, credentials masked by the engine. */
  url: string;
  user: string;
  host: string;
  pid: number;
  /** When the lock was taken (ISO 8601): its age survives any restart of ours. */
  since: string;
}

const lockLine = /^\s*(\S+): created by (.+?)@(\S+) \(pid (\d+)\) at (\S+)\s*$/;

export function parseStackLocks(message: string): StackLock[] {
  return message.split("\n").flatMap((line) => {
    const m = lockLine.exec(line);
    if (!m) return [];
    const [, url = "", user = "", host = "", pid = "0", at = ""] = m;
    const since = new Date(at);
    if (Number.isNaN(since.getTime())) return [];
    return [{ url, user, host, pid: Number(pid), since: since.toISOString() }];
  });
}

export function lockAgeMs(lock: StackLock, now: Date): number {
  return now.getTime() - new Date(lock.since).getTime();
}

/** The command a person runs to clear the lock, for this stack and backend (credentials stay masked). */
export function recoveryCommand(stack: string, backend: string, workDir: string): string {
  return `cd ${shellQuote(workDir)} && PULUMI_BACKEND_URL=${shellQuote(backend)} pulumi cancel --stack ${shellQuote(stack)} --yes`;
}

/** Where a stuck stack lives, for the command that clears its lock. */
export interface LockedStack {
  stack: string;
  /** Already redacted. */
  backend: string;
  workDir: string;
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
