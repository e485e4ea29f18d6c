// How much the reconciler writes back to people's commands: at most a few comments on one issue
// in one cycle (the rest wait for the next), and one written reply a person per episode about
// commands that do not count (more of those get a reaction only). Commands from people who cannot
// steer get a reaction, at most a few per issue per cycle (the rest none, ever): a flood of
// comments costs neither a thread of replies nor a request per comment. Pure.

/** The default of audit.github.repliesPerCycle. */
export const defaultRepliesPerCycle = 5;

/** The default of audit.github.reactionsPerCycle. */
export const defaultReactionsPerCycle = 10;

export interface ReplyBudget {
  perCycle: number;
  /** Written replies on the issue this cycle. */
  used: number;
  /** Logins (lower case) already told in this episode that a command of theirs did not count. */
  refused: readonly string[];
}

/** applied: the answer to a command that counts; refusal: why one did not (help, earlier drift, unchecked). */
export type ReplyKind = "applied" | "refusal";

export type ReplyVerdict =
  /** Write the reply. */
  | "write"
  /** A reaction only: this person was told once in this episode already. */
  | "react-only"
  /** The replies for this cycle are spent: judge the comment next cycle. */
  | "wait";

export function replyBudget(perCycle: number, refused: readonly string[] = []): ReplyBudget {
  return { perCycle, used: 0, refused: [...new Set(refused.map((l) => l.toLowerCase()))] };
}

export function replyVerdict(budget: ReplyBudget, author: string, kind: ReplyKind): ReplyVerdict {
  if (kind === "refusal" && budget.refused.includes(author.toLowerCase())) return "react-only";
  return budget.used < budget.perCycle ? "write" : "wait";
}

/** The budget after a written reply. */
export function spend(budget: ReplyBudget, author: string, kind: ReplyKind): ReplyBudget {
  const refused = kind === "refusal" ? [...new Set([...budget.refused, author.toLowerCase()])] : budget.refused;
  return { ...budget, used: budget.used + 1, refused };
}
