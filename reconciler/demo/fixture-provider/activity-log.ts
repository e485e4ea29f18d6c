// The fixture cloud's activity log: one JSON line per change made behind Pulumi's back (the
// out-of-band helpers write it), the way CloudTrail records console and CLI calls in AWS. Read
// by the attribution step through the same interface as CloudTrail (demo/fixture-activity-source.ts).
// Every field is whatever the writer chose: untrusted text.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { systemClock, type Clock } from "../../core/clock.js";

export interface ActivityEntry {
  at: string;
  actor: string;
  action: string;
  kind: string;
  /** The resource's id in the fixture cloud (its physical id). */
  id: string;
  name?: string;
  sourceIp?: string;
  userAgent?: string;
}

/** Who made an out-of-band change, and with what; the actor defaults to the OS user. */
export interface Actor {
  actor?: string;
  sourceIp?: string;
  userAgent?: string;
  now?: Clock;
}

export const activityLogFile = (cloudDir: string) => join(cloudDir, "activity-log.jsonl");

/** The OS user's name; "unknown" where the system cannot say (no passwd entry in a container). */
export function osUser(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}

export function appendActivity(
  cloudDir: string,
  change: { action: string; kind: string; id: string; name?: string },
  who: Actor = {},
): void {
  mkdirSync(cloudDir, { recursive: true });
  const entry: ActivityEntry = {
    at: (who.now ?? systemClock)().toISOString(),
    actor: who.actor ?? osUser(),
    ...change,
    ...(who.sourceIp ? { sourceIp: who.sourceIp } : {}),
    userAgent: who.userAgent ?? "fixture out-of-band helper",
  };
  appendFileSync(activityLogFile(cloudDir), `${JSON.stringify(entry)}\n`);
}

function validEntry(value: unknown): value is ActivityEntry {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  return ["at", "actor", "action", "kind", "id"].every((k) => typeof e[k] === "string");
}

/** Every well-formed entry, oldest first; lines that do not parse are skipped. */
export function readActivity(cloudDir: string): ActivityEntry[] {
  const file = activityLogFile(cloudDir);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        const value: unknown = line.trim() ? JSON.parse(line) : undefined;
        return validEntry(value) ? [value] : [];
      } catch {
        return [];
      }
    });
}
