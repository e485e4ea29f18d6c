// Reads people's commands from the stack's tracking issue before its decision: only the comments
// changed since the last read (the comments API's `since`, from a high-water mark), each version
// once. A command counts only from someone with write, maintain or admin access (asked once per
// person per cycle; for authors GitHub's author_association shows outside the repository, who may
// still write as private organization members, only for the first few of a reading), and only for the
// drift that was on show when it was written (core/command-binding.ts). What was decided from each
// version is read back from the reconciler's own answers, so a run with an empty disk decides as
// one with a warm journal. Commands from people who cannot steer get a reaction, a few per issue
// per cycle: a flood costs a bounded number of requests, however many comments it has.
import {
  bindCommand,
  decisionMarker,
  readDecision,
  wholeSeconds,
  type CommandDecision,
} from "../core/command-binding.js";
import { mayAskPermission, outsideLookups, shownOutside } from "../core/author-association.js";
import { httpStatusOf } from "../core/network-error.js";
import {
  defaultReactionsPerCycle,
  defaultRepliesPerCycle,
  replyBudget,
  replyVerdict,
  spend,
} from "../core/reply-budget.js";
import { commandFrom, parseSteerCommand, type SteerCommand } from "../core/steer-command.js";
import type { TrackedIssue, TrackedNote } from "../core/tracked-issue.js";
import type { AuditEvent } from "./audit-events.js";
import {
  appliedAnswer,
  commentSource,
  helpAnswer,
  isCommand,
  refusedAnswer,
  staleAnswer,
  steeringRoles,
  uncheckedAnswer,
} from "./command-answers.js";
import type { IssueTracker, PeopleComment, RepositoryRole } from "./issue-tracker.js";
import type { StageContext } from "./stage-context.js";

/**
 * How far an issue's comments were read: a high-water mark of GitHub's clock (never ours: ""
 * until a person commented), and the ids of the comments changed exactly then.
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
  /** Commands from people who cannot steer read past without a reaction: the cycle's reactions were spent. */
  unanswered: number;
}

type Context = StageContext & {
  repository: string;
  now: string;
  /** audit.github.repliesPerCycle. */
  repliesPerCycle?: number;
  /** audit.github.reactionsPerCycle. */
  reactionsPerCycle?: number;
};

/** Whether this version of the comment comes after the mark. */
function isNew(comment: PeopleComment, mark: CommandsRead | undefined): boolean {
  if (!mark || comment.updatedAt > mark.at) return true;
  return comment.updatedAt === mark.at && !mark.ids.includes(comment.id);
}

function advance(mark: CommandsRead, comment: PeopleComment): CommandsRead {
  if (comment.updatedAt > mark.at) return { ...mark, at: comment.updatedAt, ids: [comment.id] };
  return comment.updatedAt === mark.at ? { ...mark, ids: [...mark.ids, comment.id] } : mark;
}

/** The decisions the reconciler's answers record, by "<comment id>/<version>". */
export function recordedDecisions(notes: readonly TrackedNote[]): Map<string, CommandDecision> {
  const decided = new Map<string, CommandDecision>();
  for (const note of notes) {
    const decision = note.command ? readDecision(note.command, note.fingerprint) : undefined;
    if (decision) decided.set(`${decision.commentId}/${decision.updatedAt}`, decision);
  }
  return decided;
}

/** People told in this episode that a command of theirs did not count, from the reconciler's answers. */
function refusedIn(notes: readonly TrackedNote[], episodeSince: string | undefined): string[] {
  const since = episodeSince ? new Date(episodeSince).getTime() : 0;
  return notes.flatMap((note) => {
    const decision = note.command ? readDecision(note.command) : undefined;
    const refusal = decision && decision.verdict !== "applied" && decision.author;
    return refusal && new Date(note.at).getTime() >= since ? [refusal] : [];
  });
}

/** Oldest change first: the mark never passes a comment left for the next cycle. */
const byChange = (a: PeopleComment, b: PeopleComment) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id;

export async function readIssueCommands(
  tracker: IssueTracker,
  issue: TrackedIssue,
  previous: { commands: readonly SteerCommand[]; read?: CommandsRead; notes?: readonly TrackedNote[] },
  permissionOf: (login: string) => Promise<RepositoryRole>,
  ctx: Context,
): Promise<CommandReading> {
  const sameIssue = previous.read?.issue === issue.number ? previous.read : undefined;
  const commands = new Map((sameIssue ? previous.commands : []).map((c) => [c.id, c]));
  const notes = previous.notes ?? [];
  const decided = recordedDecisions(notes);
  let budget = replyBudget(ctx.repliesPerCycle ?? defaultRepliesPerCycle, refusedIn(notes, issue.since));
  let mark: CommandsRead = sameIssue ?? { issue: issue.number, at: "", ids: [] };
  const answers: AuditEvent[] = [];
  const reactions = ctx.reactionsPerCycle ?? defaultReactionsPerCycle;
  let reacted = 0;
  let unanswered = 0;
  // Authors shown outside the repository whose permission was asked in this reading.
  const askedOutside = new Set<string>();
  const mayAsk = (comment: PeopleComment): boolean => {
    if (!mayAskPermission(comment.association, comment.author, askedOutside, outsideLookups)) return false;
    if (shownOutside(comment.association)) askedOutside.add(comment.author.toLowerCase());
    return true;
  };
  const listed = await tracker.comments(issue, sameIssue?.at || undefined);
  for (const comment of [...listed].sort(byChange)) {
    if (!isNew(comment, sameIssue)) continue;
    const judged = await judgeComment(comment, issue, decided, { permissionOf, mayAsk }, ctx);
    let answer = judged.answer;
    if (judged.cannotSteer) {
      // Past the cycle's reactions: never answered, and the mark moves past it all the same.
      if (reacted < reactions) reacted++;
      else {
        answer = undefined;
        unanswered++;
      }
    } else if (answer?.kind === "steering" && !answer.quiet) {
      const kind = judged.command ? "applied" : "refusal";
      const verdict = replyVerdict(budget, comment.author, kind);
      // Spent for this cycle: this comment and every later one are read again next cycle.
      if (verdict === "wait") break;
      if (verdict === "react-only") answer = { ...answer, quiet: true };
      else budget = spend(budget, comment.author, kind);
    }
    mark = advance(mark, comment);
    // An edit replaces what the comment said: its new text is judged again.
    commands.delete(commentSource(comment));
    if (judged.command) commands.set(judged.command.id, judged.command);
    if (answer) answers.push(answer);
  }
  return { commands: [...commands.values()], read: mark, answers, unanswered };
}

interface Judged {
  command?: SteerCommand;
  answer?: AuditEvent;
  /** From someone who cannot steer: the answer is a reaction, within the cycle's reactions. */
  cannotSteer?: boolean;
}

/** One version of one comment: a command that counts, an answer saying why not, or nothing. */
async function judgeComment(
  comment: PeopleComment,
  issue: TrackedIssue,
  decided: ReadonlyMap<string, CommandDecision>,
  access: {
    permissionOf: (login: string) => Promise<RepositoryRole>;
    /** Whether this author's permission may be asked (false past the reading's outside lookups). */
    mayAsk: (comment: PeopleComment) => boolean;
  },
  ctx: Context,
): Promise<Judged> {
  // Redacted before it is parsed: a reason or a word quoted back is cut to a length.
  const parsed = parseSteerCommand(ctx.redact ? ctx.redact(comment.body) : comment.body);
  if (parsed.kind === "none") return {};
  const version = wholeSeconds(comment.updatedAt);
  const base = { id: commentSource(comment), by: comment.author, at: comment.updatedAt };
  const known = decided.get(`${comment.id}/${version}`);
  if (known) {
    if (known.verdict !== "applied" || !isCommand(parsed)) return {};
    return {
      command: commandFrom(parsed, { ...base, ...(known.fingerprint ? { fingerprint: known.fingerprint } : {}) }),
    };
  }
  // Shown outside the repository, past the reading's few lookups for such authors: refused unasked.
  if (comment.association && !access.mayAsk(comment)) {
    const shown = { association: comment.association };
    return { answer: refusedAnswer(ctx, comment, shown, ctx.repository, ctx.now), cannotSteer: true };
  }
  let role: RepositoryRole;
  try {
    role = await access.permissionOf(comment.author);
  } catch (err) {
    // Refused (403): a setup problem to name, not an outage to wait out.
    if (httpStatusOf(err) !== 403) throw err;
    const unchecked = decisionMarker({
      commentId: comment.id,
      updatedAt: version,
      verdict: "unchecked",
      author: comment.author,
    });
    return { answer: { ...uncheckedAnswer(ctx, comment, ctx.repository, ctx.now), decision: unchecked } };
  }
  // No written reply to someone whose commands do not count: a reaction, while the cycle's last.
  if (!steeringRoles.includes(role)) {
    return { answer: refusedAnswer(ctx, comment, { role }, ctx.repository, ctx.now), cannotSteer: true };
  }
  const decision = (verdict: CommandDecision["verdict"]) =>
    decisionMarker({ commentId: comment.id, updatedAt: version, verdict, author: comment.author });
  if (parsed.kind === "invalid") {
    return { answer: { ...helpAnswer(ctx, comment, parsed.problem, ctx.now), decision: decision("not-a-command") } };
  }
  const named = parsed.kind === "heal" && parsed.named ? { named: parsed.named } : {};
  const shown = issue.shown ?? issue.since;
  const binding = bindCommand(
    { at: comment.at, updatedAt: comment.updatedAt, ...named },
    { ...(issue.fingerprint ? { fingerprint: issue.fingerprint } : {}), ...(shown ? { shown } : {}) },
  );
  if (!binding.bound) {
    return {
      answer: { ...staleAnswer(ctx, comment, parsed.kind, binding, issue, ctx.now), decision: decision(binding.why) },
    };
  }
  const command = commandFrom(parsed, {
    ...base,
    ...(binding.fingerprint ? { fingerprint: binding.fingerprint } : {}),
  });
  const answer = appliedAnswer(ctx, command, ctx.now, { id: comment.id, version });
  return { command, answer: { ...answer, decision: decision("applied") } };
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
