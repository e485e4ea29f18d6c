// Reads people's commands from the stack's open tracking issue before its decision: only the
// comments changed since the last read (the comments API's `since`), each once. A command counts
// only from someone with write, maintain or admin access (asked once per person per cycle);
// each gets its answer (command-answers.ts), journaled like every other event.
import { commandFrom, parseSteerCommand, type SteerCommand } from "../core/steer-command.js";
import { httpStatusOf } from "../core/network-error.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import {
  appliedAnswer,
  commentSource,
  helpAnswer,
  isCommand,
  refusedAnswer,
  steeringRoles,
  uncheckedAnswer,
} from "./command-answers.js";
import type { IssueTracker, RepositoryRole } from "./issue-tracker.js";
import type { StageContext } from "./stage-context.js";

/**
 * How far an issue's comments were read: its number, the newest change seen (GitHub's clock, never
 * ours: "" until a person commented) and the ids read.
 */
export interface CommandsRead {
  issue: number;
  at: string;
  ids: number[];
}

export interface CommandReading {
  /** Every command applied on the issue so far, oldest first. */
  commands: SteerCommand[];
  read: CommandsRead;
  answers: AuditEvent[];
}

/** Ids kept to skip comments read before (an edit brings a comment back under `since`). */
const idsKept = 500;

export async function readIssueCommands(
  tracker: IssueTracker,
  issue: TrackedIssue,
  previous: { commands: readonly SteerCommand[]; read?: CommandsRead },
  permissionOf: (login: string) => Promise<RepositoryRole>,
  ctx: StageContext & { repository: string; now: string },
): Promise<CommandReading> {
  const sameIssue = previous.read?.issue === issue.number ? previous.read : undefined;
  const commands = sameIssue ? [...previous.commands] : [];
  const seen = new Set(sameIssue?.ids ?? []);
  let at = sameIssue?.at ?? "";
  const answers: AuditEvent[] = [];
  for (const comment of await tracker.comments(issue, sameIssue?.at || undefined)) {
    if (comment.updatedAt > at) at = comment.updatedAt;
    if (seen.has(comment.id)) continue;
    seen.add(comment.id);
    // Redacted before it is parsed: a reason or a word quoted back is cut to a length.
    const parsed = parseSteerCommand(ctx.redact ? ctx.redact(comment.body) : comment.body);
    if (parsed.kind === "none") continue;
    if (parsed.kind === "invalid") {
      answers.push(helpAnswer(ctx, comment, parsed.problem, ctx.now));
      continue;
    }
    let role: RepositoryRole;
    try {
      role = await permissionOf(comment.author);
    } catch (err) {
      // Refused (403): a setup problem to name, not an outage to wait out.
      if (httpStatusOf(err) !== 403) throw err;
      answers.push(uncheckedAnswer(ctx, comment, ctx.repository, ctx.now));
      continue;
    }
    if (!steeringRoles.includes(role)) {
      answers.push(refusedAnswer(ctx, comment, role, ctx.repository, ctx.now));
      continue;
    }
    if (!isCommand(parsed)) continue;
    const command = commandFrom(parsed, {
      id: commentSource(comment),
      by: comment.author,
      at: comment.at,
      ...(issue.fingerprint ? { fingerprint: issue.fingerprint } : {}),
    });
    commands.push(command);
    answers.push(appliedAnswer(ctx, command, ctx.now, comment.id));
  }
  return { commands, read: { issue: issue.number, at, ids: [...seen].slice(-idsKept) }, answers };
}

/** Each person's role asked once per cycle, however many stacks and comments name them. */
export function permissionCache(tracker: IssueTracker): (login: string) => Promise<RepositoryRole> {
  const known = new Map<string, Promise<RepositoryRole>>();
  return (login) => {
    const key = login.toLowerCase();
    let role = known.get(key);
    if (!role) {
      role = tracker.permission(login);
      // A failed lookup is asked again next time, not remembered as an answer.
      role.catch(() => known.delete(key));
      known.set(key, role);
    }
    return role;
  };
}
