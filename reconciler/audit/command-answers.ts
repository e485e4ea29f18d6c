// What the reconciler answers on the tracking issue about people's commands: each command gets
// one comment (and a reaction) saying what will happen and until when, or why nothing will; a
// hold that ends and an approval that lapses are said once. Logins, reasons and everything else
// people wrote are untrusted: shown as inert text. Pure.
import type { AuthorAssociation } from "../core/author-association.js";
import { shortFingerprint, type Binding } from "../core/command-binding.js";
import { formatDuration } from "../core/duration.js";
import { inlineValue } from "../core/inert-markdown.js";
import { commandHelp, type ParsedCommand, type SteerCommand } from "../core/steer-command.js";
import type { HoldState } from "../core/steering.js";
import { contentId, type AuditEvent, type EventBase } from "./audit-events.js";
import { flappingLabel, onHoldLabel } from "./deliver-event.js";
import type { PeopleComment, RepositoryRole } from "./issue-tracker.js";
import type { StageContext } from "./stage-context.js";
import type { TrackedIssue } from "../core/tracked-issue.js";
import { stackPath } from "../core/stack-id.js";

type Steering = Extract<AuditEvent, { kind: "steering" }>;

/** Roles whose commands count. */
export const steeringRoles: readonly RepositoryRole[] = ["admin", "maintain", "write"];

/** "@alice" for a login GitHub could have issued; anything else as inert text. */
export function who(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login) ? `@${login}` : inlineValue(login);
}

/** Who gave a command: a GitHub login is mentioned, a local user (an OS account) never is. */
function commandAuthor(command: SteerCommand): string {
  return command.id.startsWith("local-") ? inlineValue(command.by) : who(command.by);
}

function base(ctx: StageContext, id: string, at: string): EventBase {
  return { id, at, project: ctx.project, stack: ctx.stack, ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) };
}

/** The id of a command's source: a comment on GitHub ("github-<id>"), a local command's own id. */
export function commentSource(comment: PeopleComment): string {
  return `github-${comment.id}`;
}

/** Where a command came from; `version`: which version of a comment (its updated_at) is answered. */
interface AnswerSource {
  id: string;
  commentId?: number;
  version?: string;
}

function answer(
  ctx: StageContext,
  source: AnswerSource,
  at: string,
  fields: Omit<Steering, keyof EventBase | "kind" | "commentId">,
): Steering {
  // An edit is a new version of the comment, answered on its own.
  const id = contentId(ctx.project, ctx.stack, "command", source.id, ...(source.version ? [source.version] : []));
  const comment = source.commentId !== undefined ? { commentId: source.commentId } : {};
  return { ...base(ctx, id, at), kind: "steering" as const, ...comment, ...fields };
}

const onGitHub = (comment: PeopleComment): AnswerSource => ({
  id: commentSource(comment),
  commentId: comment.id,
  version: comment.updatedAt,
});

const commandList = commandHelp.map((line) => `- ${line}`).join("\n");

/** A /drift line that is not a command: the list of commands. */
export function helpAnswer(ctx: StageContext, comment: PeopleComment, problem: string, at: string): Steering {
  const text = `### Not a command\n\n${who(comment.author)}: ${problem}. The commands are:\n\n${commandList}`;
  return answer(ctx, onGitHub(comment), at, { text, reaction: "confused" });
}

/**
 * Why someone cannot steer: their role, or GitHub's association alone (shown outside the repository,
 * past the reading's few permission lookups for such authors).
 */
export type RefusedAccess = { role: RepositoryRole } | { association: AuthorAssociation };

function accessWords(access: RefusedAccess, repository: string): string {
  if ("association" in access) {
    return `is not shown as a collaborator of ${repository} (GitHub: ${access.association}), and this cycle's permission lookups for such accounts are spent`;
  }
  return `has ${access.role === "none" ? "no access" : `the ${access.role} role`} on ${repository}`;
}

/**
 * A command from someone without write access: a reaction, no comment. What the commands need is
 * in docs/audit-trail.md; a written reply to each would let anyone who can comment flood the thread.
 */
export function refusedAnswer(
  ctx: StageContext,
  comment: PeopleComment,
  access: RefusedAccess,
  repository: string,
  at: string,
): Steering {
  const text = `${who(comment.author)} ${accessWords(access, inlineValue(repository))}: command not applied.`;
  return answer(ctx, onGitHub(comment), at, { text, reaction: "confused", quiet: true });
}

/** A command written before the drift on show was shown, or naming another drift: answered once, never applied. */
export function staleAnswer(
  ctx: StageContext,
  comment: PeopleComment,
  kind: SteerCommand["kind"],
  binding: Extract<Binding, { bound: false }>,
  issue: TrackedIssue,
  at: string,
): Steering {
  const what = kind === "heal" ? "approval" : kind === "hold" ? "hold" : "resume";
  const shown = issue.fingerprint ? `\`${shortFingerprint(issue.fingerprint)}\`` : "none";
  const again =
    issue.fingerprint && kind === "heal" ? ` \`/drift heal ${shortFingerprint(issue.fingerprint)}\` approves it.` : "";
  const why =
    binding.why === "earlier-drift"
      ? `this ${what} was for an earlier drift: the drift this issue shows (${shown}) is shown since ${binding.shown}`
      : `this ${what} names drift ${inlineValue(binding.named)}, but this issue shows drift ${shown}`;
  const text = `### Command not applied\n\n${who(comment.author)}: ${why}. Nothing changes; write the command again for the drift shown now.${again}`;
  return answer(ctx, onGitHub(comment), at, { text, reaction: "confused" });
}

/** A command whose author's access GitHub would not tell: not applied, and what to fix. */
export function uncheckedAnswer(ctx: StageContext, comment: PeopleComment, repository: string, at: string): Steering {
  const text =
    `### Command not applied\n\nThe reconciler could not check ${who(comment.author)}'s access to ` +
    `${inlineValue(repository)} (GitHub refused to say), so the command does not count. Give the reconciler's ` +
    `token or App read access to the repository's metadata, and write the command again.`;
  return answer(ctx, onGitHub(comment), at, { text, reaction: "confused" });
}

/**
 * An applied command: what will happen, and until when. `commentId`: the comment it was given in,
 * which gets the reaction; a command given locally has none.
 */
export function appliedAnswer(
  ctx: StageContext,
  command: SteerCommand,
  at: string,
  comment?: { id: number; version: string },
): Steering {
  const by = commandAuthor(command);
  const commentId = comment?.id;
  const source = { id: command.id, ...(comment ? { commentId: comment.id, version: comment.version } : {}) };
  const bound = command.fingerprint ? { fingerprint: command.fingerprint } : {};
  const reaction = commentId !== undefined ? { reaction: "+1" as const } : {};
  const local = command.kind === "heal" ? "approve" : command.kind;
  const where = commentId !== undefined ? "" : ` (\`reconciler ${local}\`)`;
  switch (command.kind) {
    case "hold": {
      const reason = command.reason ? ` Reason: ${inlineValue(command.reason)}.` : "";
      const left = formatDuration(new Date(command.until).getTime() - new Date(command.at).getTime());
      const text =
        `### On hold\n\n${by}${where} put the heal of ${inlineValue(stackPath(ctx))} on hold until ` +
        `${command.until} (${left}), or until the drift changes from ${command.fingerprint ? `\`${shortFingerprint(command.fingerprint)}\`` : "what this issue shows"}.${reason} ` +
        `Drift is still checked and reported. \`/drift resume\` ends the hold sooner.`;
      return answer(ctx, source, at, { text, ...reaction, ...bound, addLabels: [onHoldLabel] });
    }
    case "heal": {
      const mass = command.massDeletion ? ", mass deletion included" : " (mass deletion excepted)";
      const drift = command.fingerprint
        ? `drift \`${shortFingerprint(command.fingerprint)}\``
        : "the drift this issue shows";
      const text =
        `### Heal approved\n\n${by}${where} approved one heal of ${drift}: the next cycle ` +
        `heals it over the guards that held it back${mass}. If the drift changes first, this approval lapses.`;
      return answer(ctx, source, at, { text, ...reaction, ...bound });
    }
    case "resume": {
      const text =
        `### Healing resumed\n\n${by}${where} resumed healing: any hold and the flapping stop are lifted, and the next ` +
        `cycle decides by the policy again.`;
      return answer(ctx, source, at, { text, ...reaction, removeLabels: [onHoldLabel, flappingLabel] });
    }
  }
}

/** A hold that ended by itself: said once. */
export function holdEndedAnswer(
  ctx: StageContext,
  state: Extract<HoldState, { state: "ended" }>,
  at: string,
): Steering {
  const { hold } = state;
  const why =
    state.why === "expired"
      ? `The hold ${commandAuthor(hold)} put expired at ${hold.until}`
      : `The drift changed since ${commandAuthor(hold)} put the hold, so it no longer applies`;
  const id = contentId(ctx.project, ctx.stack, "hold-ended", hold.id);
  return {
    ...base(ctx, id, at),
    kind: "steering",
    text: `### Hold ended\n\n${why}: healing resumes under the policy.`,
    removeLabels: [onHoldLabel],
  };
}

/** An approval for a drift that changed before its heal: said once. */
export function approvalLapsedAnswer(
  ctx: StageContext,
  approval: Extract<SteerCommand, { kind: "heal" }>,
  at: string,
): Steering {
  const id = contentId(ctx.project, ctx.stack, "approval-lapsed", approval.id);
  const text =
    `### Approval lapsed\n\nThe drift changed since ${commandAuthor(approval)} approved the heal at ${approval.at}, ` +
    `so that approval no longer applies. \`/drift heal\` approves the drift this issue shows now.`;
  return { ...base(ctx, id, at), kind: "steering", text };
}

/** The parsed comment, when it is a command to apply. */
export function isCommand(parsed: ParsedCommand): parsed is Extract<ParsedCommand, { kind: SteerCommand["kind"] }> {
  return parsed.kind === "hold" || parsed.kind === "heal" || parsed.kind === "resume";
}
