// GitHub's `author_association` on a comment: how its author relates to the repository, as GitHub
// tells it with the comment itself. It never says that someone has write access (an organization
// member may only read), and its "no association" is not proof either: an organization member whose
// membership is private (GitHub's default) and who writes through a team is shown as CONTRIBUTOR or
// NONE. Only the permission lookup says (audit/read-commands.ts); the association only decides whose
// permission is worth asking when a flood of comments comes from outside. Untrusted input: anything
// but the values GitHub documents counts as unknown. Pure.
import { z } from "zod";

export const authorAssociationSchema = z.enum([
  "OWNER",
  "MEMBER",
  "COLLABORATOR",
  "CONTRIBUTOR",
  "FIRST_TIMER",
  "FIRST_TIME_CONTRIBUTOR",
  "MANNEQUIN",
  "NONE",
]);

export type AuthorAssociation = z.infer<typeof authorAssociationSchema>;

/**
 * The associations GitHub shows for people outside the repository's collaborators and visible
 * members: most cannot write, but a private organization member with a team's write access can.
 */
export const outsideAssociations: readonly AuthorAssociation[] = [
  "CONTRIBUTOR",
  "FIRST_TIMER",
  "FIRST_TIME_CONTRIBUTOR",
  "MANNEQUIN",
  "NONE",
];

/** The value GitHub sent, when it is one GitHub documents; undefined for anything else. */
export function authorAssociationOf(value: unknown): AuthorAssociation | undefined {
  const parsed = authorAssociationSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Whether GitHub shows the author outside the repository (unknown, missing or new values never are). */
export function shownOutside(association: AuthorAssociation | undefined): boolean {
  return association !== undefined && outsideAssociations.includes(association);
}

/**
 * How many distinct authors shown outside the repository have their permission asked in one
 * reading of an issue's comments: enough for a team's private members, bounded for a flood.
 */
export const outsideLookups = 5;

/**
 * Whether to ask the permission of a comment's author: always, unless GitHub shows them outside the
 * repository; then only for one of the first `limit` such authors (by lower-cased login) of the
 * reading, `asked` being those already asked.
 */
export function mayAskPermission(
  association: AuthorAssociation | undefined,
  author: string,
  asked: ReadonlySet<string>,
  limit: number,
): boolean {
  if (!shownOutside(association)) return true;
  return asked.has(author.toLowerCase()) || asked.size < limit;
}
