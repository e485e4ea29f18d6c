// The audit trail's events: what happened to a stack's drift episode, as plain data. Each has
// an id derived from the episode and its content (never from the cycle alone), so the same
// fact seen again is journaled and delivered once, and a new fact always gets a new id.
import { createHash } from "node:crypto";
import type { Severity } from "../core/config-schema.js";
import type { Reaction } from "./issue-tracker.js";

export interface EventBase {
  /** From the episode and the content: the journal and the tracker de-duplicate on it. */
  id: string;
  at: string;
  project: string;
  stack: string;
  runUrl?: string;
}

/** One heal: its attempt id ties "started" to its result; the severity of the drift it heals. */
interface HealFields {
  fingerprint: string;
  attempt: string;
  severity?: Severity;
}

/** One drifted property in brief, as plain text (bounded, hidden characters escaped): for notifications. */
export interface DriftedProperty {
  resource: string;
  type: string;
  change: "modified" | "deleted";
  path?: string;
  cloud?: string;
  deployed?: string;
  /** Who changed the resource, as plain text (core/attribution.ts), when it was looked up. */
  changedBy?: string;
}

/** The decision on a detection, as plain text: heal, or report and the guard that said so. */
interface EventDecision {
  action: "heal" | "report";
  guard?: string;
  reason: string;
}

export type AuditEvent =
  | (EventBase & {
      kind: "drift-detected";
      fingerprint: string;
      severity: Severity;
      report: string;
      attention?: Attention;
      /** opened: no episode was open; changed: the open episode's drift changed. */
      episode?: "opened" | "changed";
      /** The drift came back after heals verified within the flapping window: the how-many-th time, in which window. */
      back?: { times: number; window: string };
      decision?: EventDecision;
      /** The first drifted properties; driftedCount counts them all. */
      drifted?: DriftedProperty[];
      driftedCount?: number;
    })
  | (EventBase & { kind: "drift-flapping"; fingerprint: string; reason: string; severity?: Severity })
  | (EventBase & HealFields & { kind: "heal-started"; plan: string })
  | (EventBase & HealFields & { kind: "healed"; summary: string })
  | (EventBase & HealFields & { kind: "heal-not-done"; reason: string; why: string })
  | (EventBase & HealFields & { kind: "heal-interrupted"; startedAt: string; plan: string })
  | (EventBase & { kind: "drift-resolved"; summary: string })
  | (EventBase & { kind: "stack-stuck"; reason: string })
  | (EventBase & { kind: "lock-cleared"; summary: string })
  /** Who changed drift seen on an earlier cycle, found only now: `text` is inert Markdown, one line per resource. */
  | (EventBase & { kind: "drift-attributed"; text: string; changedBy: string[] })
  /**
   * What the reconciler says about people's commands: the answer to one (with a reaction on it),
   * a hold that ended, an approval that lapsed; and the labels that follow.
   */
  | (EventBase & {
      kind: "steering";
      text: string;
      commentId?: number;
      reaction?: Reaction;
      /** A reaction only, no comment (an answer to someone whose commands do not count). */
      quiet?: boolean;
      /** What was decided from the command (core/command-binding.ts), kept in the answer's trailer. */
      decision?: string;
      /** The drift the command was bound to, kept in the answer's trailer. */
      fingerprint?: string;
      addLabels?: string[];
      removeLabels?: string[];
    });

/** Why a human must look: the policy blocked the heal (guard), or the heal failed. */
export interface Attention {
  why: string;
  reason: string;
}

/** A short, stable id from the parts that make an event what it is. */
export function contentId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 20);
}
